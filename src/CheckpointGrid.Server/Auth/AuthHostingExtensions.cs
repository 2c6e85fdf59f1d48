using CheckpointGrid.Security;
using CheckpointGrid.Server.Web.ClusterDashboard;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Server.Auth;

/// <summary>
/// Bearer tokens on every endpoint when Auth:JwtKeyPath is set: JwtBearer validates them (ES256, exp, iss, aud, the
/// revocation list), one fallback policy applies <see cref="RpcAccess"/>'s table. Without it nothing is registered and
/// the server runs open, as before.
/// </summary>
internal static class AuthHostingExtensions
{
    public static WebApplicationBuilder AddCheckpointGridAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var errors = options.Validate().ToList();
        IReadOnlyList<ECDsaSecurityKey> keys = [];
        if (options.Enabled)
        {
            try
            {
                keys = EcKeyFiles.LoadVerificationKeys(Path.GetFullPath(options.JwtKeyPath!));
            }
            catch (KeyFileException error)
            {
                errors.Add($"Auth:JwtKeyPath (--jwt-key): {error.Message}");
            }
        }
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), errors);
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TokenRevocationList>();
        builder.Services.AddSingleton<CallerTokens>();
        if (!options.Enabled)
        {
            return builder;
        }

        // Hosting's request lines carry the URL, and the dashboard's SSE URL carries its token: never at Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddHostedService<TokenRevocationRefresher>();
        builder.Services.AddHostedService(sp => new AuthStartupReporter(options, keys, sp.GetRequiredService<ILogger<AuthStartupReporter>>()));
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = TokenValidation.Parameters(keys, options.Issuer, options.Audience);
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = static async context =>
                    {
                        // EventSource cannot set headers: the SSE feed, and only it, takes the token from its URL.
                        if (context.Request.Path.Equals(RpcAccess.WatchFeedPath, StringComparison.Ordinal)
                            && context.Request.Query.TryGetValue("access_token", out var token))
                        {
                            context.Token = token.ToString();
                        }
                        // A browser navigating cannot set headers either: the Orleans dashboard's login form and cookie.
                        else if (await ClusterDashboardLogin.TokenOfAsync(context.Request) is { Length: > 0 } dashboard)
                        {
                            context.Token = dashboard;
                        }
                    },
                    OnTokenValidated = static context =>
                    {
                        var tokenId = context.Principal?.FindFirst(TokenClaims.TokenId)?.Value;
                        if (tokenId is null)
                        {
                            context.Fail(new MissingTokenIdException());
                        }
                        else if (context.HttpContext.RequestServices.GetRequiredService<TokenRevocationList>().IsRevoked(tokenId))
                        {
                            context.Fail(new TokenRevokedException(tokenId));
                        }
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddSingleton<IAuthorizationHandler, EndpointRolesHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthResultHandler>();
        builder.Services.AddAuthorization(authorization =>
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new EndpointRolesRequirement()).Build());
        return builder;
    }

    /// <summary>Adds authentication and authorization to the pipeline when tokens are required.</summary>
    public static WebApplication UseCheckpointGridAuth(this WebApplication app)
    {
        if (app.Services.GetRequiredService<AuthOptions>().Enabled)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        return app;
    }
}

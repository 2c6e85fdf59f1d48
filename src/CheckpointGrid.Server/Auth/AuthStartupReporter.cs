using Microsoft.IdentityModel.Tokens;

namespace CheckpointGrid.Server.Auth;

/// <summary>Says at start that tokens are required, and which keys verify them (their ids, never key material).</summary>
internal sealed class AuthStartupReporter(AuthOptions options, IReadOnlyList<ECDsaSecurityKey> keys, ILogger<AuthStartupReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        AuthLog.TokensRequired(logger, keys.Count, Path.GetFullPath(options.JwtKeyPath!), string.Join(", ", keys.Select(static k => k.KeyId)), options.Issuer, options.Audience);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

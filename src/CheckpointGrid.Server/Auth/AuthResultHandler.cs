using CheckpointGrid.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using CheckpointGrid.Server.Web.ClusterDashboard;

namespace CheckpointGrid.Server.Auth;

/// <summary>
/// Turns a refused request into an answer that says why: for gRPC a status (UNAUTHENTICATED naming what is wrong with
/// the token, PERMISSION_DENIED naming the role needed and the role held), for the dashboard's API a 401 or 403 with
/// the same words.
/// </summary>
internal sealed class AuthResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
        if (authorizeResult.Forbidden)
        {
            var needed = RpcAccess.RolesFor(context.GetEndpoint(), context.Request.Path) ?? [];
            var held = context.User.FindFirst(TokenClaims.Role)?.Value;
            var message = $"this call needs {RpcAccess.Describe(needed)}; the token's role is '{held}'.";
            return ClusterDashboardLogin.IsPage(context.Request)
                ? ClusterDashboardLogin.WritePageAsync(context.Response, StatusCodes.Status403Forbidden, message)
                : Refuse(context, StatusCode.PermissionDenied, StatusCodes.Status403Forbidden, message);
        }
        return RefuseUnauthenticated(context);
    }

    private static async Task RefuseUnauthenticated(HttpContext context)
    {
        // The authentication middleware keeps only a success; the handler caches its result for the request, failure and all.
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        var message = TokenFailures.Describe(result.Failure);
        if (ClusterDashboardLogin.IsPage(context.Request))
        {
            // A person at a browser: the login page, saying what was wrong with the token kept or entered, if any.
            await ClusterDashboardLogin.WritePageAsync(context.Response, StatusCodes.Status401Unauthorized, result.Failure is null ? null : message);
            return;
        }
        await Refuse(context, StatusCode.Unauthenticated, StatusCodes.Status401Unauthorized, message);
    }

    private static async Task Refuse(HttpContext context, StatusCode grpcCode, int httpStatus, string message)
    {
        if (GrpcStatusResponse.IsGrpc(context.Request))
        {
            await GrpcStatusResponse.WriteAsync(context.Response, grpcCode, message);
            return;
        }
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}

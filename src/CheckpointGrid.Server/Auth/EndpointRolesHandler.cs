using CheckpointGrid.Security;
using Microsoft.AspNetCore.Authorization;

namespace CheckpointGrid.Server.Auth;

/// <summary>
/// Decides <see cref="EndpointRolesRequirement"/> from <see cref="RpcAccess"/>'s table. One table read at request time
/// rather than [Authorize] on each method: open mode then carries no authorization metadata at all, and a new RPC is
/// refused until the table names it.
/// </summary>
internal sealed class EndpointRolesHandler : AuthorizationHandler<EndpointRolesRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, EndpointRolesRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return Task.CompletedTask;
        }
        var roles = RpcAccess.RolesFor(http.GetEndpoint(), http.Request.Path);
        if (roles is null
            || (context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(TokenClaims.Role)?.Value is { } role && roles.Contains(role)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

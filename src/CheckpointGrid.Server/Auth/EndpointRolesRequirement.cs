using Microsoft.AspNetCore.Authorization;

namespace CheckpointGrid.Server.Auth;

/// <summary>The fallback policy's one requirement: the caller's role is one <see cref="RpcAccess"/> allows for the endpoint.</summary>
internal sealed class EndpointRolesRequirement : IAuthorizationRequirement;

using CheckpointGrid.Security;
using CheckpointGrid.Server.Web.ClusterDashboard;
using Grpc.AspNetCore.Server;

namespace CheckpointGrid.Server.Auth;

/// <summary>
/// Who may call what, in one table: each CheckpointGrid RPC and the dashboard's API, and the roles allowed. Anything of
/// the checkpointgrid package missing from the table is refused to every role (fail closed); reflection, health, the
/// dashboard's page and /healthz are open; the Orleans dashboard is for admins.
/// </summary>
internal static class RpcAccess
{
    private const string Package = "checkpointgrid.";

    /// <summary>The dashboard's JSON and SSE: viewer's reads.</summary>
    public const string ApiPrefix = "/api/";

    /// <summary>The SSE feed, the one path that takes its token from the query string (EventSource cannot set headers).</summary>
    public const string WatchFeedPath = "/api/v1/watch";

    public static readonly IReadOnlyList<string> Readers = [TokenRoles.Viewer, TokenRoles.Admin];
    public static readonly IReadOnlyList<string> Admins = [TokenRoles.Admin];
    public static readonly IReadOnlyList<string> Terminals = [TokenRoles.Terminal];
    private static readonly IReadOnlyList<string> Nobody = [];

    private static readonly Dictionary<string, IReadOnlyList<string>> Methods = Build();

    /// <summary>
    /// The roles that may use <paramref name="endpoint"/> at <paramref name="path"/>; null when it is open to anyone,
    /// empty when nobody may (an RPC the table does not name).
    /// </summary>
    public static IReadOnlyList<string>? RolesFor(Endpoint? endpoint, PathString path)
    {
        if (endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc)
        {
            if (Methods.TryGetValue(grpc.Method.FullName, out var roles))
            {
                return roles;
            }
            return grpc.Method.ServiceName.StartsWith(Package, StringComparison.Ordinal) ? Nobody : null;
        }
        if (path.StartsWithSegments(ClusterDashboardOptions.Path, StringComparison.Ordinal))
        {
            // The Orleans dashboard shows every silo, grain and log line: admins only, but for the page that lets one in.
            return path.Equals(ClusterDashboardLogin.LoginPath, StringComparison.Ordinal) ? null : Admins;
        }
        return path.StartsWithSegments(ApiPrefix.TrimEnd('/'), StringComparison.Ordinal) ? Readers : null;
    }

    /// <summary>What a refusal says the caller needed: "admin", "viewer or admin".</summary>
    public static string Describe(IReadOnlyList<string> roles) =>
        roles.Count == 0 ? "a role no token has (this call is not open to tokens)" : "role " + string.Join(" or ", roles);

    private static Dictionary<string, IReadOnlyList<string>> Build()
    {
        var methods = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        void Service(Google.Protobuf.Reflection.ServiceDescriptor service, IReadOnlyList<string> roles, params string[] adminOnly)
        {
            foreach (var method in service.Methods)
            {
                methods[$"/{service.FullName}/{method.Name}"] = adminOnly.Contains(method.Name) ? Admins : roles;
            }
        }
        Service(Contracts.V1.CatalogService.Descriptor, Readers, "AddCheckpoint", "UpdateCheckpoint");
        Service(Contracts.V1.QueryService.Descriptor, Readers);
        Service(Contracts.V1.WatchService.Descriptor, Readers);
        Service(Contracts.V1.IngestService.Descriptor, Terminals);
        Service(Contracts.V1.AdminService.Descriptor, Admins);
        // Admin, not viewer: the answer names hosts, addresses and versions, which partner agencies' viewer tokens
        // have no need of and an attacker would (the same call as the Orleans dashboard, which is admin-only too).
        Service(Contracts.V1.StatusService.Descriptor, Admins);
        return methods;
    }
}

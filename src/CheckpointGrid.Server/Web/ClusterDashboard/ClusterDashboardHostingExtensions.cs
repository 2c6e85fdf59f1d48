using CheckpointGrid.Server.Auth;
using Orleans.Dashboard;

namespace CheckpointGrid.Server.Web.ClusterDashboard;

/// <summary>
/// Orleans' own dashboard (grains, silos, calls, the log stream) at <see cref="ClusterDashboardOptions.Path"/>. With
/// bearer tokens it is admin-only: a browser cannot add a header when it navigates, so an admin enters a token once at
/// <see cref="ClusterDashboardLogin.LoginPath"/> and the browser keeps it in a cookie for the dashboard's path only,
/// checked on every request like a header's token (signature, expiry, issuer, audience, revocation, role).
/// </summary>
internal static class ClusterDashboardHostingExtensions
{
    /// <summary>Adds the dashboard's silo services (its grains, its per-silo grain service, the call profiler) unless Dashboard:Enabled is false.</summary>
    public static ISiloBuilder AddCheckpointGridDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (ClusterDashboardOptions.From(configuration).Enabled)
        {
            silo.AddDashboard();
        }
        return silo;
    }

    /// <summary>Maps the dashboard and, when tokens are required, its login.</summary>
    public static WebApplication MapClusterDashboard(this WebApplication app)
    {
        if (!ClusterDashboardOptions.From(app.Configuration).Enabled)
        {
            return app;
        }
        app.MapOrleansDashboard(routePrefix: ClusterDashboardOptions.Path);
        if (app.Services.GetRequiredService<AuthOptions>().Enabled)
        {
            app.MapGet(ClusterDashboardLogin.LoginPath, static (HttpContext http) => ClusterDashboardLogin.WritePageAsync(http.Response, StatusCodes.Status200OK, reason: null));
            // Reached only with an admin token (in the form's field): the authorization policy refused any other.
            app.MapPost(ClusterDashboardLogin.SessionPath, ClusterDashboardLogin.StartSession).DisableAntiforgery();
        }
        return app;
    }
}

namespace CheckpointGrid.Server.Web.ClusterDashboard;

/// <summary>The Orleans dashboard (section "Dashboard"): on by default, at <see cref="Path"/> on the web port.</summary>
public sealed class ClusterDashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Where the dashboard is served; its page, its files and its JSON API are all under it.</summary>
    public const string Path = "/orleans";

    /// <summary>Whether the silo runs the dashboard's services and the web port serves it.</summary>
    public bool Enabled { get; set; } = true;

    internal static ClusterDashboardOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterDashboardOptions>() ?? new ClusterDashboardOptions();
}

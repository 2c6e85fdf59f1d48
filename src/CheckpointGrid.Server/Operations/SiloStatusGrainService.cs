using CheckpointGrid.Abstractions.Operations;

namespace CheckpointGrid.Server.Operations;

/// <summary>The silo's <see cref="ISiloStatusService"/>: its <see cref="SiloCounters"/> at the time of the call.</summary>
internal sealed class SiloStatusGrainService(GrainId grainId, Silo silo, ILoggerFactory loggerFactory, SiloCounters counters)
    : GrainService(grainId, silo, loggerFactory), ISiloStatusService
{
    public Task<SiloSnapshot> SnapshotAsync() => Task.FromResult(counters.Snapshot());
}

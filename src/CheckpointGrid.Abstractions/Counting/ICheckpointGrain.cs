using Orleans.Concurrency;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Abstractions.Counting;

/// <summary>One checkpoint (key: its catalog id): the only writer of its events and counts.</summary>
[Alias("cg.ICheckpointGrain")]
public interface ICheckpointGrain : ICountingGrain, IGrainWithStringKey
{
    /// <summary>A terminal opens a stream: the sequence expected next, and the stream's number (a newer stream closes older ones).</summary>
    [Alias("OpenStream")]
    Task<StreamOpened> OpenStreamAsync(string terminalId);

    /// <summary>Makes a terminal's batch durable and counts what is new; the outcome says what was acknowledged or why the batch was refused.</summary>
    [Alias("Ingest")]
    Task<BatchOutcome> IngestAsync(TerminalBatch batch);

    /// <summary>Records one event without a sequence (RecordCrossing); true when its event id was recorded before.</summary>
    [Alias("Record")]
    Task<bool> RecordAsync(CrossingEvent crossing);

    /// <summary>Moves this checkpoint's counts to the region the catalog gives it now.</summary>
    [Alias("FollowCatalogRegion")]
    Task FollowCatalogRegionAsync();

    /// <summary>Shelter occupancy and the last time an event was recorded.</summary>
    [ReadOnly, Alias("GetStatus")]
    Task<CheckpointStatusInfo> GetStatusAsync();

    /// <summary>Its whole counts and their version, for a region rebuilding its sum. Interleaves: the state between turns is always committed state.</summary>
    [AlwaysInterleave, Alias("GetChildCounts")]
    Task<ChildCounts> GetChildCountsAsync();
}

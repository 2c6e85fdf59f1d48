namespace CheckpointGrid.Storage;

/// <summary>What became of a batch given to <see cref="ICrossingStore.CommitAsync"/>.</summary>
public enum CommitStatus
{
    /// <summary>Durable: its events, counts, version and sequence are stored.</summary>
    Committed,

    /// <summary>Nothing written: the checkpoint's stored version is not the one the batch expected (another writer committed, or the writer's view is stale).</summary>
    VersionConflict,

    /// <summary>Nothing written: some of its event ids are stored already at the checkpoint, or repeated within the batch.</summary>
    DuplicateEvents,
}

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// A batch waiting for, or being written in, a group transaction. It is its own completion source, so a
/// commit costs one allocation besides its results. <see cref="Results"/> is filled while the transaction
/// is written and handed to the caller only after that transaction has committed.
/// </summary>
internal sealed class PendingCommit(CrossingBatch batch, long enqueuedAt, CancellationToken cancellationToken)
    : TaskCompletionSource<bool[]>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public CrossingBatch Batch { get; } = batch;

    /// <summary>When CommitAsync queued it, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>The caller's token: a batch whose caller gave up before the writer reached it is not written.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Per event, whether it was new; valid once the transaction holding this batch has committed.</summary>
    public bool[] Results { get; } = new bool[batch.Events.Count];
}

namespace CheckpointGrid.Storage.GroupCommit;

/// <summary>
/// A batch waiting for, or being written in, a group transaction. It is its own completion source, so a commit costs
/// one allocation besides its encoded rows. <see cref="Outcome"/> is set while the transaction is written and handed
/// to the caller only after that transaction has committed.
/// </summary>
internal sealed class PendingCommit(CrossingBatch batch, byte[][] tallies, long enqueuedAt, CancellationToken cancellationToken)
    : TaskCompletionSource<CommitResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public CrossingBatch Batch { get; } = batch;

    /// <summary>The batch's counts rows' tallies, encoded on the caller's thread (so not by the one writer), in row order.</summary>
    public byte[][] Tallies { get; } = tallies;

    /// <summary>When CommitAsync queued it, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>The caller's token: a batch whose caller gave up before the writer reached it is not written.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>What the writer decided; valid once the transaction holding this batch has committed.</summary>
    public CommitResult? Outcome { get; set; }
}

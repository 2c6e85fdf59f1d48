using CheckpointGrid.Core;

namespace CheckpointGrid.Storage;

/// <summary>
/// Where crossing events and each checkpoint's counts become durable. Implementations gather the batches of many
/// checkpoints into one transaction (group commit) and complete each batch only once that transaction is committed,
/// so an ack sent after <see cref="CommitAsync"/> returns is the truth after any crash. Each batch is written whole
/// or not at all, whatever becomes of the others in its transaction. Exactly-once rests on the store: an event id
/// is stored at most once per checkpoint, a terminal's durable sequence only moves forward, and a batch commits
/// only on top of the version its writer read, so two writers of one checkpoint can never both count.
/// </summary>
public interface ICrossingStore
{
    /// <summary>
    /// What a checkpoint's grain starts from: its version, counts and terminals' durable sequences, read from one
    /// snapshot. Never reads events, so it costs the same whatever the checkpoint's history.
    /// </summary>
    Task<CheckpointState> LoadAsync(CheckpointId checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Commits <paramref name="batch"/> if the checkpoint's stored version is <see cref="CrossingBatch.ExpectedVersion"/>
    /// and none of its event ids is stored (or repeated in it): then its events, its counts rows (each replacing the
    /// row of its kind and bucket), the version + 1 with the occupancy and last recorded time, and the terminal's
    /// durable sequence (never lowered). A batch without events is a commit too. Otherwise nothing of it is written
    /// and the result says why. Throws <see cref="ArgumentException"/>, before anything is queued, for a batch no store
    /// can hold faithfully.
    /// </summary>
    Task<CommitResult> CommitAsync(CrossingBatch batch, CancellationToken cancellationToken);
}

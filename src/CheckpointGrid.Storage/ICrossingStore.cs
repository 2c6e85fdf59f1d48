using CheckpointGrid.Core;

namespace CheckpointGrid.Storage;

/// <summary>
/// Where crossing events become durable. Implementations gather the batches of many checkpoints
/// into one transaction (group commit) and complete each batch only once that transaction is
/// committed, so an ack sent after <see cref="CommitAsync"/> returns is the truth after any crash.
/// Exactly-once rests on the store: an event id is stored at most once per checkpoint, and a
/// terminal's durable sequence only moves forward.
/// </summary>
public interface ICrossingStore
{
    /// <summary>Everything stored for one checkpoint, to rebuild its grain: events in commit order and each terminal's durable sequence.</summary>
    Task<CheckpointLog> LoadAsync(CheckpointId checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="batch"/> durable: its events not already stored (by checkpoint and event
    /// id) and, for a terminal batch, the terminal's durable sequence (never lowered), in one
    /// transaction. Returns, per event in order, whether it was new (false: its event id was
    /// already stored, so it must not be counted again).
    /// </summary>
    Task<bool[]> CommitAsync(CrossingBatch batch, CancellationToken cancellationToken);
}

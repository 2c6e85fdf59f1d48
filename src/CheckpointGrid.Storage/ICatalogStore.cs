using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Storage;

/// <summary>Where the checkpoint catalog persists, so that edits (and the counts of an added checkpoint) survive a restart.</summary>
public interface ICatalogStore
{
    /// <summary>Every saved checkpoint, in the order first saved (a replaced one keeps its place); empty when none was ever saved.</summary>
    Task<IReadOnlyList<Checkpoint>> LoadCatalogAsync(CancellationToken cancellationToken);

    /// <summary>Inserts the checkpoint, or replaces the one with its id; it is durable when the returned task completes.</summary>
    Task SaveCheckpointAsync(Checkpoint checkpoint, CancellationToken cancellationToken);
}

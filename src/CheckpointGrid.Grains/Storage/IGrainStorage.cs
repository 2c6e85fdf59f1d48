namespace CheckpointGrid.Grains.Storage;

/// <summary>
/// Where grains keep state between activations: one record per grain id, versioned so that a stale
/// writer is refused rather than silently overwriting. Version 0 means nothing is stored.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored state of <paramref name="id"/>, or a null state at version 0 when none is stored.</summary>
    Task<StoredState<TState>> ReadAsync<TState>(GrainId id, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="state"/> if the stored version is still <paramref name="expectedVersion"/>; returns the new version.</summary>
    /// <exception cref="GrainStorageConflictException">The stored version is another.</exception>
    Task<long> WriteAsync<TState>(GrainId id, TState state, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Removes the stored state if the stored version is still <paramref name="expectedVersion"/>.</summary>
    /// <exception cref="GrainStorageConflictException">The stored version is another.</exception>
    Task ClearAsync(GrainId id, long expectedVersion, CancellationToken cancellationToken);
}

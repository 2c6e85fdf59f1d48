namespace CheckpointGrid.Grains.Storage;

/// <summary>A grain's state as read from storage, with the version to write it back at.</summary>
public readonly record struct StoredState<TState>(TState? State, long Version);

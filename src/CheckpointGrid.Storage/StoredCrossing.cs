using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Storage;

/// <summary>A committed event and when the server recorded it.</summary>
public readonly record struct StoredCrossing(CrossingEvent Event, DateTimeOffset RecordedAt);

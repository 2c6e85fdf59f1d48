namespace CheckpointGrid.Abstractions.Counting;

/// <summary>A checkpoint's shelter occupancy and the last time an event was recorded there.</summary>
[GenerateSerializer, Immutable, Alias("cg.CheckpointStatusInfo")]
public readonly record struct CheckpointStatusInfo([property: Id(0)] long Occupants, [property: Id(1)] DateTimeOffset? LastRecordedAt);

namespace CheckpointGrid.Abstractions.Counting;

/// <summary>An Ingest stream opened at a checkpoint: the sequence expected next, and the stream's number.</summary>
[GenerateSerializer, Immutable, Alias("cg.StreamOpened")]
public readonly record struct StreamOpened([property: Id(0)] ulong NextSequence, [property: Id(1)] long Stream);

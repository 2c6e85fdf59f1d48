namespace CheckpointGrid.Abstractions.Serialization;

/// <summary>A <see cref="Core.Counting.Delta"/> as it crosses between silos: its rows, each tally encoded as the API's Counts message.</summary>
[GenerateSerializer, Immutable, Alias("cg.DeltaSurrogate")]
public readonly record struct DeltaSurrogate(
    [property: Id(0)] long OccupancyChange,
    [property: Id(1)] DateTimeOffset? LastRecordedAt,
    [property: Id(2)] byte[] Kinds,
    [property: Id(3)] int[] Buckets,
    [property: Id(4)] byte[][] Tallies);

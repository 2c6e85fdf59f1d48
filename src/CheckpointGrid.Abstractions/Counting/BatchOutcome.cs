namespace CheckpointGrid.Abstractions.Counting;

/// <summary>What a batch came to: the terminal's durable sequence now and how many events were counted or duplicates; or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("cg.BatchOutcome")]
public readonly record struct BatchOutcome(
    [property: Id(0)] ulong DurableThrough,
    [property: Id(1)] uint Accepted,
    [property: Id(2)] uint Duplicates,
    [property: Id(3)] BatchRefusal Refusal,
    [property: Id(4)] string? Reason);

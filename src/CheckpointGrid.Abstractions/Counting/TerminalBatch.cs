using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Abstractions.Counting;

/// <summary>
/// One batch of a terminal's stream as its checkpoint grain takes it: consecutive sequences
/// <paramref name="First"/>..<paramref name="Last"/>, of which <paramref name="Valid"/> passed validation (the rest
/// were rejected, and still use up their sequences). Immutable: passed by reference within a silo.
/// </summary>
[GenerateSerializer, Immutable, Alias("cg.TerminalBatch")]
public sealed record TerminalBatch(
    [property: Id(0)] string TerminalId,
    [property: Id(1)] long Stream,
    [property: Id(2)] ulong First,
    [property: Id(3)] ulong Last,
    [property: Id(4)] IReadOnlyList<CrossingEvent> Valid);

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;

namespace CheckpointGrid.Server.Counting;

/// <summary>
/// One batch of a terminal's stream as its checkpoint grain takes it: consecutive sequences
/// <paramref name="First"/>..<paramref name="Last"/>, of which <paramref name="Valid"/> passed
/// validation (the rest were rejected, and still use up their sequences).
/// </summary>
public sealed record TerminalBatch(TerminalId Terminal, long Stream, ulong First, ulong Last, IReadOnlyList<CrossingEvent> Valid);

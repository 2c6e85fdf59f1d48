using CheckpointGrid.Core;

namespace CheckpointGrid.Storage;

/// <summary>What is stored for one checkpoint: its events in commit order, and each terminal's durable sequence.</summary>
public sealed record CheckpointLog(
    IReadOnlyList<StoredCrossing> Crossings,
    IReadOnlyDictionary<TerminalId, ulong> DurableSequences);

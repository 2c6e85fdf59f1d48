using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;

namespace CheckpointGrid.Storage;

/// <summary>
/// One checkpoint's validated events to commit together. <paramref name="Terminal"/> and
/// <paramref name="DurableThrough"/> are set for a terminal's stream batch (the sequence to record as
/// durable once committed, rejected events included); both are null for RecordCrossing.
/// </summary>
public sealed record CrossingBatch(
    CheckpointId Checkpoint,
    TerminalId? Terminal,
    ulong? DurableThrough,
    IReadOnlyList<CrossingEvent> Events,
    DateTimeOffset RecordedAt);

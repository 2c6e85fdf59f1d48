using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;

namespace CheckpointGrid.Storage;

/// <summary>
/// One checkpoint's validated events to commit together, with the counts they bring it to. <paramref name="Terminal"/>
/// and <paramref name="DurableThrough"/> are set for a terminal's stream batch (the sequence to record as durable once
/// committed, rejected events included); both are null for RecordCrossing. <paramref name="ExpectedVersion"/> is the
/// checkpoint's version as its writer last read it (0 before any commit): the batch is written only if it is still the
/// stored one, and then the version becomes <paramref name="ExpectedVersion"/> + 1.
/// </summary>
public sealed record CrossingBatch(
    CheckpointId Checkpoint,
    TerminalId? Terminal,
    ulong? DurableThrough,
    IReadOnlyList<CrossingEvent> Events,
    DateTimeOffset RecordedAt,
    ulong ExpectedVersion,
    CountsUpdate Counts);

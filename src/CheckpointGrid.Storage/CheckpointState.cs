using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Storage;

/// <summary>
/// What is stored for one checkpoint, read from one snapshot: the version its last commit left, its counts (the
/// occupancy, last recorded time and rows, for <see cref="ScopeCounter.Restore"/>) and each terminal's durable sequence.
/// A checkpoint never committed has version 0 and nothing else.
/// </summary>
public sealed record CheckpointState(
    ulong Version,
    long ShelterOccupants,
    DateTimeOffset? LastRecordedAt,
    IReadOnlyList<CountsRow> Rows,
    IReadOnlyDictionary<TerminalId, ulong> DurableSequences);

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Storage.InMemory;

/// <summary>
/// What <see cref="InMemoryCrossingStore"/> holds for one checkpoint. Invariants: it changes only by a whole committed
/// batch, which adds one to <see cref="Version"/>; an event id is in <see cref="EventIds"/> once; sequences only rise;
/// <see cref="Rows"/> hold encoded copies (the API's Counts message), never a caller's tally, and none of them stale.
/// </summary>
internal sealed class CheckpointRecord
{
    public ulong Version { get; set; }

    public long ShelterOccupants { get; set; }

    public DateTimeOffset? LastRecordedAt { get; set; }

    public Dictionary<(BucketKind Kind, int Bucket), Counts> Rows { get; } = [];

    public HashSet<string> EventIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<TerminalId, ulong> DurableSequences { get; } = [];
}

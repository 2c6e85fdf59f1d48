using CheckpointGrid.Core;

namespace CheckpointGrid.Storage.InMemory;

/// <summary>
/// What <see cref="InMemoryCrossingStore"/> holds for one checkpoint. Invariants: every event id in
/// <see cref="Crossings"/> is in <see cref="EventIds"/> and appears once; sequences only rise.
/// </summary>
internal sealed class CheckpointRecord
{
    public List<StoredCrossing> Crossings { get; } = [];

    public HashSet<string> EventIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<TerminalId, ulong> DurableSequences { get; } = [];
}

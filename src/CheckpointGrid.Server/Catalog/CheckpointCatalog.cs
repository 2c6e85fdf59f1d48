using System.Collections.Immutable;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Server.Catalog;

/// <summary>
/// The checkpoints this server knows, seeded with Panama's real ones. Readers take a snapshot
/// without locking; the rare changes (admins adding or editing checkpoints) swap it under a lock.
/// Kept in memory for now: the durable store arrives with exactly-once ingestion.
/// The server starts it with <see cref="DefaultCatalog"/>.
/// </summary>
public sealed class CheckpointCatalog
{
    private readonly Lock _changes = new();
    private ImmutableSortedDictionary<CheckpointId, Checkpoint> _checkpoints;

    public CheckpointCatalog(IEnumerable<Checkpoint> checkpoints) =>
        _checkpoints = checkpoints.ToImmutableSortedDictionary(c => c.Id, c => c, IdOrder.Instance);

    /// <summary>Raised after a checkpoint was added or changed, on the thread that changed it; handlers must return at once.</summary>
    public event EventHandler? Changed;

    /// <summary>Every checkpoint, ordered by id.</summary>
    public IEnumerable<Checkpoint> All => _checkpoints.Values;

    public bool TryGet(CheckpointId id, out Checkpoint checkpoint) => _checkpoints.TryGetValue(id, out checkpoint!);

    /// <summary>The checkpoints of one region, ordered by id.</summary>
    public IEnumerable<Checkpoint> InRegion(RegionName region) => All.Where(c => c.Region == region);

    /// <summary>True when some checkpoint belongs to <paramref name="region"/>.</summary>
    public bool HasRegion(RegionName region) => All.Any(c => c.Region == region);

    /// <summary>The summed shelter capacity of <paramref name="checkpoints"/>; null when none states one.</summary>
    public static uint? CapacityOf(IEnumerable<Checkpoint> checkpoints)
    {
        uint? sum = null;
        foreach (var checkpoint in checkpoints)
        {
            if (checkpoint.ShelterCapacity is { } capacity)
            {
                sum = (sum ?? 0) + capacity;
            }
        }
        return sum;
    }

    /// <summary>Adds a checkpoint; false when its id is taken.</summary>
    public bool TryAdd(Checkpoint checkpoint)
    {
        lock (_changes)
        {
            if (_checkpoints.ContainsKey(checkpoint.Id))
            {
                return false;
            }
            _checkpoints = _checkpoints.Add(checkpoint.Id, checkpoint);
        }
        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    /// <summary>Replaces <paramref name="current"/> by <paramref name="updated"/>; false when someone changed it meanwhile (read again and retry).</summary>
    public bool TryReplace(Checkpoint current, Checkpoint updated)
    {
        lock (_changes)
        {
            if (!_checkpoints.TryGetValue(current.Id, out var now) || !ReferenceEquals(now, current))
            {
                return false;
            }
            _checkpoints = _checkpoints.SetItem(updated.Id, updated);
        }
        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    private sealed class IdOrder : IComparer<CheckpointId>
    {
        public static readonly IdOrder Instance = new();

        public int Compare(CheckpointId x, CheckpointId y) => string.CompareOrdinal(x.Value, y.Value);
    }
}

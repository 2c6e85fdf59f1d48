using System.Collections.Immutable;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Grains.Catalog;

/// <summary>
/// This silo's read cache of the checkpoint catalog, whose truth is the catalog grain (persisted in the store). Readers
/// take a snapshot without locking; changes (loading, and the grain's notices) swap it under a lock. Kept fresh by
/// <see cref="CatalogCacheRefresher"/>.
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

    /// <summary>The regions some checkpoint belongs to: the nation's children.</summary>
    public IEnumerable<RegionName> Regions => All.Select(static c => c.Region).Distinct();

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

    /// <summary>Adds or replaces checkpoints as the catalog grain has them.</summary>
    public void Set(IEnumerable<Checkpoint> checkpoints)
    {
        var changed = false;
        lock (_changes)
        {
            foreach (var checkpoint in checkpoints)
            {
                if (!_checkpoints.TryGetValue(checkpoint.Id, out var held) || held != checkpoint)
                {
                    _checkpoints = _checkpoints.SetItem(checkpoint.Id, checkpoint);
                    changed = true;
                }
            }
        }
        if (changed)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    private sealed class IdOrder : IComparer<CheckpointId>
    {
        public static readonly IdOrder Instance = new();

        public int Compare(CheckpointId x, CheckpointId y) => string.CompareOrdinal(x.Value, y.Value);
    }
}

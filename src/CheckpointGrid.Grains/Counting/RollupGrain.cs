using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Grains.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Grains.Counting;

/// <summary>
/// A scope whose counts are the sum of its children's (a region's checkpoints, the nation's regions). It knows the
/// (epoch, version) of each child's last change it applied: the next version is applied, one it has is ignored, and a
/// gap, a new epoch or an unknown child makes it rebuild from every child's whole counts. Lost, repeated or reordered
/// calls therefore never miscount, and an activation starts by building itself from its children.
/// </summary>
public abstract class RollupGrain(TimeProvider time, IOptions<PublishingOptions> options, GrainMetrics metrics, ILogger logger)
    : CountingGrain(time, options, metrics, logger), IRollupGrain
{
    // Invariant, between turns: Counter is the sum of the children's counts at the (epoch, version) held in _children.
    private readonly Dictionary<string, (long Epoch, ulong Version)> _children = new(StringComparer.Ordinal);

    /// <summary>The children as the catalog has them now, e.g. a region's checkpoints.</summary>
    protected abstract IEnumerable<string> CatalogChildren();

    /// <summary>A child's whole counts and their version.</summary>
    protected abstract Task<ChildCounts> ChildCountsAsync(string child);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        try
        {
            await RebuildCoreAsync("activation");
        }
        catch
        {
            ActivationFailed();
            throw;
        }
    }

    public async Task ApplyAsync(ChildChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Metrics.RollupUpdated(GrainTypeTag);
        if (_children.TryGetValue(change.Child, out var known) && known.Epoch == change.Epoch)
        {
            if (change.Version <= known.Version)
            {
                return;
            }
            if (change.Version == known.Version + 1)
            {
                _children[change.Child] = (change.Epoch, change.Version);
                Counter.Apply(change.Delta);
                await ChangedAsync(change.Delta);
                await CountsChanged();
                return;
            }
        }
        await RebuildCoreAsync($"{change.Child} sent version {change.Version} of epoch {change.Epoch}; held {known.Version} of {known.Epoch}");
    }

    public Task RebuildAsync() => RebuildCoreAsync("its children changed");

    public Task OfferAsync(ChildChange change) => ApplyAsync(change);

    public abstract Task<ChildCounts> GetChildCountsAsync();

    public abstract Task FlushAsync();

    /// <summary>A child's change was applied to <see cref="CountingGrain.Counter"/>.</summary>
    protected abstract Task ChangedAsync(Delta delta);

    /// <summary>The counts were rebuilt from scratch.</summary>
    protected abstract Task RebuiltAsync();

    private async Task RebuildCoreAsync(string reason)
    {
        var children = CatalogChildren().ToList();
        var counts = await Task.WhenAll(children.Select(ChildCountsAsync));
        var counter = new ScopeCounter();
        _children.Clear();
        for (var i = 0; i < children.Count; i++)
        {
            counter.Apply(counts[i].Counts);
            _children[children[i]] = (counts[i].Epoch, counts[i].Version);
        }
        ReplaceCounter(counter);
        GrainLog.Rebuilt(Logger, this.GetPrimaryKeyString(), reason);
        Metrics.RolledUp(GrainTypeTag);
        await RebuiltAsync();
        await CountsChanged();
    }
}

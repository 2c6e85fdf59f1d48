using Microsoft.Extensions.DependencyInjection;
using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Grains.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Grains.Counting;

/// <summary>
/// A region: the sum of its checkpoints. It forwards what changed to the nation coalesced, at most once per
/// <see cref="PublishingOptions.NationForwardInterval"/>, numbered within this activation's epoch, as one-way calls: a
/// forward lost with a silo shows as a gap, and the nation rebuilds.
/// </summary>
public sealed class RegionGrain(CheckpointCatalog catalog, [FromKeyedServices(GridClock.Key)] TimeProvider time, IOptions<PublishingOptions> options, GrainMetrics metrics,
    ILogger<RegionGrain> logger)
    : RollupGrain(time, options, metrics, logger), IRegionGrain
{
    // Invariants: _pending is what changed since the last forward, not yet sent; the nation has had versions 1.._sent of
    // _epoch (or will rebuild from GetChildCountsAsync, which folds _pending into a version of its own).
    private readonly long _epoch = time.GetUtcNow().UtcTicks;
    private RegionName _name;
    private Scope? _scope;
    private Delta _pending = new();
    private bool _dirty;
    private ulong _sent;
    private Coalescer? _forwarder;

    protected override Scope Scope => _scope ??= new Scope { Region = _name.Value };

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = RegionName.Parse(this.GetPrimaryKeyString());
        _forwarder = new Coalescer(Time, Options.NationForwardInterval, due => CallSelfAfter<IRegionGrain>(due, static grain => grain.FlushAsync()), ForwardAsync);
        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _forwarder?.Cancel();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public override Task<ChildCounts> GetChildCountsAsync()
    {
        // Whatever is pending is in these counts: it becomes a version of its own, never sent as a change.
        if (_dirty)
        {
            TakePending();
        }
        return Task.FromResult(new ChildCounts(_epoch, _sent, Counter.ToDelta()));
    }

    /// <summary>Forwards what is held back and waits for the nation to have it (a national read then includes every acknowledged event).</summary>
    public override Task FlushAsync()
    {
        _forwarder!.Cancel();
        return _dirty ? GrainFactory.Nation().ApplyAsync(TakePending()) : Task.CompletedTask;
    }

    protected override IEnumerable<string> CatalogChildren() => catalog.InRegion(_name).Select(static c => c.Id.Value);

    protected override Task<ChildCounts> ChildCountsAsync(string child) => GrainFactory.Checkpoint(CheckpointId.Parse(child)).GetChildCountsAsync();

    protected override uint? CatalogShelterCapacity() => CheckpointCatalog.CapacityOf(catalog.InRegion(_name));

    protected override Task ChangedAsync(Delta delta)
    {
        _pending.Add(delta);
        _dirty = true;
        return _forwarder!.RequestAsync();
    }

    protected override Task RebuiltAsync()
    {
        // The sum changed in a way no delta says: the nation must rebuild; a forward with a gap tells it so.
        _pending = new Delta();
        _dirty = true;
        _sent++;
        return _forwarder!.RequestAsync();
    }

    private Task ForwardAsync() => _dirty ? GrainFactory.Nation().OfferAsync(TakePending()) : Task.CompletedTask;

    private ChildChange TakePending()
    {
        var change = new ChildChange(_name.Value, _epoch, ++_sent, _pending);
        _pending = new Delta();
        _dirty = false;
        return change;
    }
}

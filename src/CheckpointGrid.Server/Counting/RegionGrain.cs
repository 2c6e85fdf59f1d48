using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Server.Watch;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Counting;

/// <summary>One region's counts: the sum of its checkpoints' deltas, each passed on to the nation.</summary>
public sealed class RegionGrain(CheckpointCatalog catalog, TimeProvider time, IOptions<WatchOptions> watch) : RollupGrain(time, watch)
{
    private Scope? _scope;

    protected override Scope Scope => _scope ??= new Scope { Region = Id.Key };

    /// <summary>Adds a checkpoint's change and passes it on to the nation before returning.</summary>
    public async Task ApplyAsync(Delta delta)
    {
        Counter.Apply(delta);
        CountsChanged();
        await GrainFactory.Nation().CallAsync(static (nation, d) => nation.ApplyAsync(d), delta);
    }

    /// <summary>A checkpoint joins this region with its counts; the nation already has them.</summary>
    public Task MoveInAsync(Delta counts)
    {
        Counter.Apply(counts);
        CountsChanged();
        return Task.CompletedTask;
    }

    /// <summary>A checkpoint leaves this region with its counts; the nation keeps them.</summary>
    public Task MoveOutAsync(Delta counts)
    {
        Counter.Remove(counts);
        CountsChanged();
        return Task.CompletedTask;
    }

    protected override uint? CatalogShelterCapacity() => CheckpointCatalog.CapacityOf(catalog.InRegion(RegionName.Parse(Id.Key)));
}

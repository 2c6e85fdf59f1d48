using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Server.Watch;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Counting;

/// <summary>Panama's counts: the sum of every region's deltas.</summary>
public sealed class NationalGrain(CheckpointCatalog catalog, TimeProvider time, IOptions<WatchOptions> watch) : RollupGrain(time, watch)
{
    private static readonly Scope NationalScope = new() { National = new() };

    protected override Scope Scope => NationalScope;

    public Task ApplyAsync(Delta delta)
    {
        Counter.Apply(delta);
        CountsChanged();
        return Task.CompletedTask;
    }

    protected override uint? CatalogShelterCapacity() => CheckpointCatalog.CapacityOf(catalog.All);
}

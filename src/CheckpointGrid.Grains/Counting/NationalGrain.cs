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
/// Panama: the sum of its regions, which forward to it coalesced, so its load grows with the number of regions, not
/// with the event rate.
/// </summary>
public sealed class NationalGrain(CheckpointCatalog catalog, [FromKeyedServices(GridClock.Key)] TimeProvider time, IOptions<PublishingOptions> options, GrainMetrics metrics,
    ILogger<NationalGrain> logger)
    : RollupGrain(time, options, metrics, logger), INationalGrain
{
    private static readonly Scope NationalScope = new() { National = new() };

    protected override Scope Scope => NationalScope;

    /// <summary>The nation has no parent: its counts are whole as they are.</summary>
    public override Task<ChildCounts> GetChildCountsAsync() => Task.FromResult(new ChildCounts(0, Counter.Version, Counter.ToDelta()));

    /// <summary>Nothing held back: the nation forwards to no one. (A reader that wants its writes flushes the regions first; see GrainKeys.FlushRegionsAsync.)</summary>
    public override Task FlushAsync() => Task.CompletedTask;

    protected override IEnumerable<string> CatalogChildren() => catalog.Regions.Select(static r => r.Value);

    protected override Task<ChildCounts> ChildCountsAsync(string child) => GrainFactory.Region(RegionName.Parse(child)).GetChildCountsAsync();

    protected override uint? CatalogShelterCapacity() => CheckpointCatalog.CapacityOf(catalog.All);

    protected override Task ChangedAsync(Delta delta) => Task.CompletedTask;

    protected override Task RebuiltAsync() => Task.CompletedTask;
}

using CheckpointGrid.Abstractions.Catalog;
using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;

namespace CheckpointGrid.Grains.Counting;

/// <summary>How the grains are keyed: one per checkpoint (its id), one per region (its name), one nation, one catalog.</summary>
public static class GrainKeys
{
    public const string NationKey = "PA";

    public static ICheckpointGrain Checkpoint(this IGrainFactory grains, CheckpointId id) => grains.GetGrain<ICheckpointGrain>(id.Value);

    public static IRegionGrain Region(this IGrainFactory grains, RegionName region) => grains.GetGrain<IRegionGrain>(region.Value);

    public static INationalGrain Nation(this IGrainFactory grains) => grains.GetGrain<INationalGrain>(NationKey);

    public static ICatalogGrain Catalog(this IGrainFactory grains) => grains.GetGrain<ICatalogGrain>(0);

    /// <summary>The grain that holds a scope's counts. The scope must name a known target (see ScopeResolver.Check).</summary>
    public static ICountingGrain Counting(this IGrainFactory grains, Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.TargetCase switch
        {
            Scope.TargetOneofCase.CheckpointId => grains.Checkpoint(CheckpointId.Parse(scope.CheckpointId)),
            Scope.TargetOneofCase.Region => grains.Region(RegionName.Parse(scope.Region)),
            _ => grains.Nation(),
        };
    }
}

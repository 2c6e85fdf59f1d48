using CheckpointGrid.Core;
using CheckpointGrid.Grains;

namespace CheckpointGrid.Server.Counting;

/// <summary>How the counting grains are keyed: one per checkpoint, one per region, one for the nation.</summary>
public static class CountingGrains
{
    private const string NationKey = "PA";

    public static GrainRef<CheckpointGrain> Checkpoint(this IGrainFactory grains, CheckpointId id) => grains.GetGrain<CheckpointGrain>(id.Value);

    public static GrainRef<RegionGrain> Region(this IGrainFactory grains, RegionName region) => grains.GetGrain<RegionGrain>(region.Value);

    public static GrainRef<NationalGrain> Nation(this IGrainFactory grains) => grains.GetGrain<NationalGrain>(NationKey);
}

using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Grains.Counting;
using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Storage;
using CheckpointGrid.Testing;

namespace CheckpointGrid.Grains.Tests.Counting;

/// <summary>Regions and the nation: exact sums across silos, idempotent against repeated and lost changes, rebuilt after reactivation.</summary>
public sealed class RollupTests
{
    private static readonly RegionName Darién = RegionName.Parse("Darién");

    [Fact]
    public async Task Checkpoint_and_its_region_on_different_silos_count_exactly()
    {
        await using var cluster = await GrainCluster.StartAsync(2, new InMemoryCrossingStore());
        var sanVicente = cluster.Grains.Checkpoint(CheckpointId.Parse("PA-DAR-SVC"));
        var region = cluster.Grains.Region(Darién);
        await sanVicente.GetStatusAsync();
        await region.GetCountsAsync();
        var checkpointSilo = SiloOf(cluster, sanVicente);
        if (SiloOf(cluster, region).Equals(checkpointSilo))
        {
            var other = cluster.Cluster.GetActiveSilos().First(s => !s.SiloAddress.Equals(checkpointSilo)).SiloAddress;
            await cluster.Cluster.MigrateAsync(region, other).WaitAsync(GrainCluster.Patience);
            await region.GetCountsAsync();
        }
        Assert.NotEqual(checkpointSilo, SiloOf(cluster, region));

        var events = Crossings.RandomStream(seed: 7, count: 300, ["PA-DAR-SVC", "PA-DAR-LJB"], DateTimeOffset.UtcNow, TimeSpan.FromHours(30));
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (crossing, _) =>
            Assert.False(await cluster.Grains.Checkpoint(CheckpointId.Parse(crossing.CheckpointId)).RecordAsync(crossing)));

        Assert.Equal(Expected.Totals(events), (await region.GetCountsAsync()).Totals);
        await region.FlushAsync();
        Assert.Equal(Expected.Totals(events), (await cluster.Grains.Nation().GetCountsAsync()).Totals);
    }

    [Fact]
    public async Task Repeated_change_is_ignored_and_a_gap_rebuilds_the_region_from_its_checkpoints()
    {
        await using var cluster = await GrainCluster.StartAsync(1, new InMemoryCrossingStore());
        var events = Crossings.RandomStream(seed: 8, count: 40, ["PA-DAR-SVC"], DateTimeOffset.UtcNow, TimeSpan.FromHours(5));
        foreach (var crossing in events)
        {
            await cluster.Grains.Checkpoint(CheckpointId.Parse("PA-DAR-SVC")).RecordAsync(crossing);
        }
        var held = await cluster.Grains.Checkpoint(CheckpointId.Parse("PA-DAR-SVC")).GetChildCountsAsync();
        var region = cluster.Grains.Region(Darién);
        var bogus = new Delta();
        bogus.Add(Crossings.One("PA-DAR-SVC", headcount: 99), DateTimeOffset.UtcNow);

        await region.ApplyAsync(new ChildChange("PA-DAR-SVC", 0, held.Version, bogus));
        Assert.Equal(Expected.Totals(events), (await region.GetCountsAsync()).Totals);

        await region.ApplyAsync(new ChildChange("PA-DAR-SVC", 0, held.Version + 5, bogus));
        Assert.Equal(Expected.Totals(events), (await region.GetCountsAsync()).Totals);
    }

    [Fact]
    public async Task Reactivated_region_and_nation_rebuild_from_the_stored_checkpoints()
    {
        await using var cluster = await GrainCluster.StartAsync(1, new InMemoryCrossingStore());
        var events = Crossings.RandomStream(seed: 9, count: 120, ["PA-DAR-SVC", "PA-DAR-LJB", "PA-COL-MRM"], DateTimeOffset.UtcNow, TimeSpan.FromHours(50));
        foreach (var crossing in events)
        {
            await cluster.Grains.Checkpoint(CheckpointId.Parse(crossing.CheckpointId)).RecordAsync(crossing);
        }

        foreach (var grain in new IAddressable[] { cluster.Grains.Region(Darién), cluster.Grains.Nation(), cluster.Grains.Checkpoint(CheckpointId.Parse("PA-DAR-SVC")) })
        {
            await cluster.Cluster.DeactivateAsync(grain).WaitAsync(GrainCluster.Patience);
        }

        Assert.Equal(Expected.Totals(events.Where(e => e.CheckpointId != "PA-COL-MRM")), (await cluster.Grains.Region(Darién).GetCountsAsync()).Totals);
        Assert.Equal(Expected.Totals(events), (await cluster.Grains.Nation().GetCountsAsync()).Totals);
    }

    private static SiloAddress SiloOf(GrainCluster cluster, IAddressable grain) =>
        cluster.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context)
            ? context.Address.SiloAddress!
            : throw new InvalidOperationException($"{grain.GetGrainId()} is not active.");
}

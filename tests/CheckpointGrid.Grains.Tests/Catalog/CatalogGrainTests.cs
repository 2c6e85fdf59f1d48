using CheckpointGrid.Core;
using CheckpointGrid.Grains.Counting;
using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Storage;
using CheckpointGrid.Testing;

namespace CheckpointGrid.Grains.Tests.Catalog;

/// <summary>The catalog grain: its state in the store, its changes in every silo's cache.</summary>
public sealed class CatalogGrainTests
{
    private static readonly Contracts.V1.Checkpoint Santiago = new()
    {
        Id = "PA-VER-STG",
        Name = "Santiago bus terminal",
        Kind = Contracts.V1.CheckpointKind.TransitHub,
        Region = "Veraguas",
        State = Contracts.V1.CheckpointState.Active,
    };

    [Fact]
    public async Task Added_checkpoint_and_the_counts_acknowledged_there_survive_a_new_cluster_on_the_same_store()
    {
        var store = new InMemoryCrossingStore();
        var crossing = Crossings.One("PA-VER-STG", headcount: 5);
        await using (var cluster = await GrainCluster.StartAsync(2, store))
        {
            Assert.True(await cluster.Grains.Catalog().AddAsync(Santiago));
            Assert.False(await cluster.Grains.Catalog().AddAsync(Santiago));
            await WaitUntilEverySiloKnowsAsync(cluster, "PA-VER-STG");
            Assert.False(await cluster.Grains.Checkpoint(CheckpointId.Parse("PA-VER-STG")).RecordAsync(crossing));
        }

        await using var restarted = await GrainCluster.StartAsync(1, store);
        Assert.Contains(await restarted.Grains.Catalog().ListAsync(), c => c.Id == "PA-VER-STG");
        Assert.Equal(Expected.Totals([crossing]), (await restarted.Grains.Checkpoint(CheckpointId.Parse("PA-VER-STG")).GetCountsAsync()).Totals);
        Assert.Equal(Expected.Totals([crossing]), (await restarted.Grains.Region(RegionName.Parse("Veraguas")).GetCountsAsync()).Totals);
    }

    /// <summary>Each silo's cache hears of the change from the catalog grain, one-way: wait for it, bounded.</summary>
    private static async Task WaitUntilEverySiloKnowsAsync(GrainCluster cluster, string id)
    {
        foreach (var silo in cluster.Cluster.GetActiveSilos())
        {
            var cache = (CheckpointGrid.Grains.Catalog.CheckpointCatalog)silo.ServiceProvider.GetService(typeof(CheckpointGrid.Grains.Catalog.CheckpointCatalog))!;
            var known = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Check(object? sender, EventArgs e)
            {
                if (cache.TryGet(CheckpointId.Parse(id), out _))
                {
                    known.TrySetResult();
                }
            }
            cache.Changed += Check;
            Check(null, EventArgs.Empty);
            await known.Task.WaitAsync(GrainCluster.Patience);
            cache.Changed -= Check;
        }
    }
}

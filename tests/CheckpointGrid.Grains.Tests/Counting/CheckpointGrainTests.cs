using CheckpointGrid.Core;
using CheckpointGrid.Grains.Counting;
using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Storage;
using CheckpointGrid.Testing;
using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Grains.Tests.Counting;

/// <summary>A checkpoint's commits: exactly once whatever the activations, and activation from the stored counts alone.</summary>
public sealed class CheckpointGrainTests
{
    private static readonly CheckpointId SanVicente = CheckpointId.Parse("PA-DAR-SVC");

    [Fact]
    public async Task Two_activations_of_one_checkpoint_committing_concurrently_count_nothing_twice()
    {
        // Two clusters over one store stand for the moment around a membership change when Orleans can hold two
        // activations of one grain: each commits on top of the version it read, so one of two racing commits is
        // refused, reloads and tries again.
        var store = new InMemoryCrossingStore();
        var now = DateTimeOffset.UtcNow;
        var first = Crossings.RandomStream(seed: 21, count: 150, ["PA-DAR-SVC"], now, TimeSpan.FromHours(10));
        var second = Crossings.RandomStream(seed: 22, count: 150, ["PA-DAR-SVC"], now, TimeSpan.FromHours(10));
        var both = Crossings.RandomStream(seed: 23, count: 50, ["PA-DAR-SVC"], now, TimeSpan.FromHours(10));
        await using (var a = await GrainCluster.StartAsync(1, store))
        await using (var b = await GrainCluster.StartAsync(1, store))
        {
            await Task.WhenAll(
                RecordAllAsync(a, [.. first, .. both]),
                RecordAllAsync(b, [.. second, .. both]));
        }

        await using var fresh = await GrainCluster.StartAsync(1, store);
        var counts = await fresh.Grains.Checkpoint(SanVicente).GetCountsAsync();
        Assert.Equal(Expected.Totals([.. first, .. second, .. both]), counts.Totals);
    }

    [Fact]
    public async Task Activation_reads_the_stored_counts_and_never_the_events()
    {
        var dataDir = Directory.CreateTempSubdirectory("checkpointgrid-grain-tests-").FullName;
        try
        {
            var events = Crossings.RandomStream(seed: 24, count: 200, ["PA-DAR-SVC"], DateTimeOffset.UtcNow, TimeSpan.FromHours(60));
            await using (var store = SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = dataDir }))
            await using (var cluster = await GrainCluster.StartAsync(1, store))
            {
                await RecordAllAsync(cluster, events);
            }

            // With the events gone, only the stored counts can give the totals back.
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "checkpointgrid.db")};Pooling=False"))
            {
                connection.Open();
                using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM events;";
                Assert.Equal(events.Count, delete.ExecuteNonQuery());
            }

            await using (var store = SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = dataDir }))
            await using (var cluster = await GrainCluster.StartAsync(1, store))
            {
                Assert.Equal(Expected.Totals(events), (await cluster.Grains.Checkpoint(SanVicente).GetCountsAsync()).Totals);
                Assert.Equal(Expected.Totals(events), (await cluster.Grains.Nation().GetCountsAsync()).Totals);
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Event_id_recorded_before_is_a_duplicate_and_counted_once()
    {
        await using var cluster = await GrainCluster.StartAsync(1, new InMemoryCrossingStore());
        var crossing = Crossings.One("PA-DAR-SVC", headcount: 4);

        Assert.False(await cluster.Grains.Checkpoint(SanVicente).RecordAsync(crossing));
        Assert.True(await cluster.Grains.Checkpoint(SanVicente).RecordAsync(crossing));

        Assert.Equal(Expected.Totals([crossing]), (await cluster.Grains.Checkpoint(SanVicente).GetCountsAsync()).Totals);
    }

    private static Task RecordAllAsync(GrainCluster cluster, IEnumerable<Contracts.V1.CrossingEvent> events) =>
        Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (crossing, _) =>
            await cluster.Grains.Checkpoint(CheckpointId.Parse(crossing.CheckpointId)).RecordAsync(crossing));
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Storage.Tests.Fixtures;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>
/// Two stores on one database, as two silos of a cluster: each has its own writer and connections, and a checkpoint
/// briefly activated on both can still never count a batch twice.
/// </summary>
public sealed class PostgresTwoSiloTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Writers_on_two_silos_expecting_the_same_version_commit_exactly_one()
    {
        var options = await server.NewDatabaseAsync();
        await using var silo1 = await PostgresCrossingStore.OpenAsync(options);
        await using var silo2 = await PostgresCrossingStore.OpenAsync(options);
        StoreAssert.Committed(await new CheckpointWriter(SanVicente).StreamAsync(silo1, Laptop1, 1, Event("first", Laptop1, 1)));
        const int Writers = 8;
        var writers = new CheckpointWriter[Writers];
        var batches = new CrossingBatch[Writers];
        for (var w = 0; w < Writers; w++)
        {
            writers[w] = new CheckpointWriter(SanVicente);
            await writers[w].ReloadAsync(w % 2 == 0 ? silo1 : silo2);
            batches[w] = writers[w].Stream(Laptop1, 2 + (ulong)w, Event($"w{w}", Laptop1, 2 + (ulong)w, headcount: 1 + (uint)w));
        }

        var results = await Task.WhenAll(batches.Select((b, w) => Task.Run(() => (w % 2 == 0 ? silo1 : silo2).CommitAsync(b, default)))).WithTimeout();

        var winner = Assert.Single(Enumerable.Range(0, Writers), w => results[w].Status == CommitStatus.Committed);
        Assert.All(results.Where((_, w) => w != winner), StoreAssert.Conflict);
        var state = await silo2.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2UL, state.Version);
        StoreAssert.Holds(writers[winner].Counter, state);
        Assert.Equal(["first", $"w{winner}"], await PostgresRaw.EventIdsAsync(options.ConnectionString, SanVicente));
    }

    [Fact]
    public async Task Two_silos_racing_on_checkpoints_count_each_committed_batch_once()
    {
        var options = await server.NewDatabaseAsync();
        await using var silo1 = await PostgresCrossingStore.OpenAsync(options);
        await using var silo2 = await PostgresCrossingStore.OpenAsync(options);
        CheckpointId[] checkpoints = [SanVicente, LajasBlancas];
        const int CommitsEach = 15;
        var committedIds = new System.Collections.Concurrent.ConcurrentBag<(CheckpointId, string)>();

        // Per checkpoint, an activation on each silo: each reloads, builds a batch from what it loaded, and commits;
        // on a conflict it reloads and tries again, as the grain does, until it has committed its share.
        async Task Activation(ICrossingStore store, CheckpointId checkpoint, string name)
        {
            var writer = new CheckpointWriter(checkpoint);
            var terminal = TerminalId.Parse($"{name}-laptop");
            for (var committed = 0; committed < CommitsEach;)
            {
                await writer.ReloadAsync(store);
                var ids = new[] { $"{name}-{committed}-a", $"{name}-{committed}-b" };
                var sequence = (ulong)(committed * 2) + 2;
                var batch = writer.Stream(terminal, sequence, Event(ids[0], terminal, sequence - 1), Event(ids[1], terminal, sequence, Movement.ShelterCheckIn, 2));
                var result = await store.CommitAsync(batch, default).WithTimeout();
                if (result.Status == CommitStatus.Committed)
                {
                    committedIds.Add((checkpoint, ids[0]));
                    committedIds.Add((checkpoint, ids[1]));
                    committed++;
                }
                else
                {
                    StoreAssert.Conflict(result);
                }
            }
        }

        var activations = new List<Task>();
        foreach (var checkpoint in checkpoints)
        {
            activations.Add(Task.Run(() => Activation(silo1, checkpoint, $"{checkpoint}-s1")));
            activations.Add(Task.Run(() => Activation(silo2, checkpoint, $"{checkpoint}-s2")));
        }
        await Task.WhenAll(activations).WaitAsync(TimeSpan.FromMinutes(2));

        foreach (var checkpoint in checkpoints)
        {
            var state = await silo1.LoadAsync(checkpoint, default).WithTimeout();
            Assert.Equal((ulong)(2 * CommitsEach), state.Version);
            var totals = Assert.Single(state.Rows, static row => row.Kind == Core.Counting.BucketKind.Totals).Tally;
            // Each committed batch counted once: one arrival of one person and a check-in of two, per batch.
            Assert.Equal((ulong)(2 * CommitsEach), totals.People(Movement.Arrival));
            Assert.Equal((ulong)(4 * CommitsEach), totals.People(Movement.ShelterCheckIn));
            Assert.Equal(4 * CommitsEach, state.ShelterOccupants);
            var expectedIds = committedIds.Where(c => c.Item1 == checkpoint).Select(static c => c.Item2).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expectedIds, await PostgresRaw.EventIdsAsync(options.ConnectionString, checkpoint));
            Assert.Equal((ulong)(2 * CommitsEach), state.DurableSequences[TerminalId.Parse($"{checkpoint}-s1-laptop")]);
            Assert.Equal((ulong)(2 * CommitsEach), state.DurableSequences[TerminalId.Parse($"{checkpoint}-s2-laptop")]);
        }
    }

    [Fact]
    public async Task Event_id_stored_through_one_silo_is_a_duplicate_through_the_other()
    {
        var options = await server.NewDatabaseAsync();
        await using var silo1 = await PostgresCrossingStore.OpenAsync(options);
        await using var silo2 = await PostgresCrossingStore.OpenAsync(options);
        StoreAssert.Committed(await new CheckpointWriter(SanVicente).StreamAsync(silo1, Laptop1, 1, Event("x", Laptop1, 1)));
        var moved = new CheckpointWriter(SanVicente);
        await moved.ReloadAsync(silo2);

        StoreAssert.Duplicates(await moved.StreamAsync(silo2, Laptop1, 2, Event("y", Laptop1, 2), Event("x", Laptop1, 1)), 1);

        Assert.Equal(["x"], await PostgresRaw.EventIdsAsync(options.ConnectionString, SanVicente));
        Assert.Equal(1UL, (await silo1.LoadAsync(SanVicente, default).WithTimeout()).Version);
    }
}

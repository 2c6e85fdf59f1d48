using CheckpointGrid.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Sqlite;

/// <summary>The SQLite store's group commit: batches that wait together are written together, and fail together.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StorageMeasurements _measurements = new();
    private readonly WriterGate _gate = new();

    public void Dispose()
    {
        _gate.Dispose();
        _measurements.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Batches_waiting_together_share_one_transaction()
    {
        await using var store = OpenGated();
        var first = store.CommitAsync(Stream(SanVicente, Laptop1, 1, Event("a", Laptop1, 1)), default);
        await _gate.Reached.WithTimeout();
        var queued = new[]
        {
            store.CommitAsync(Stream(SanVicente, Laptop2, 1, Event("b", Laptop2, 1)), default),
            store.CommitAsync(Stream(LajasBlancas, Laptop1, 2, Event("c", Laptop1, 1), Event("d", Laptop1, 2)), default),
            store.CommitAsync(Recorded(LajasBlancas, Event("e", Laptop2)), default),
        };
        Assert.False(first.IsCompleted);

        _gate.Open();
        await first.WithTimeout();
        await Task.WhenAll(queued).WithTimeout();

        Assert.Equal([4.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        Assert.Equal([5.0], _measurements.Of("checkpointgrid.storage.transaction.events"));
        Assert.Equal([5.0], _measurements.Of("checkpointgrid.storage.events.stored"));
        Assert.Equal(4, _measurements.Of("checkpointgrid.storage.commit.duration").Length);
    }

    [Fact]
    public async Task Transaction_takes_at_most_the_configured_number_of_batches()
    {
        await using var store = OpenGated(options => options.MaxBatchesPerTransaction = 2);
        var commits = new List<Task<bool[]>> { store.CommitAsync(Stream(SanVicente, Laptop1, 1, Event("e0", Laptop1, 1)), default) };
        await _gate.Reached.WithTimeout();
        for (var i = 1; i < 5; i++)
        {
            commits.Add(store.CommitAsync(Stream(SanVicente, Laptop1, (ulong)i + 1, Event($"e{i}", Laptop1, (ulong)i + 1)), default));
        }

        _gate.Open();
        await Task.WhenAll(commits).WithTimeout();

        Assert.Equal([2.0, 2.0, 1.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], Ids(await store.LoadAsync(SanVicente, default).WithTimeout()));
    }

    [Fact]
    public async Task Same_event_id_in_two_batches_of_one_transaction_first_wins()
    {
        await using var store = OpenGated();
        var first = store.CommitAsync(Stream(SanVicente, Laptop1, 1, Event("twice", Laptop1, 1, headcount: 2)), default);
        await _gate.Reached.WithTimeout();
        var second = store.CommitAsync(Stream(SanVicente, Laptop2, 1, Event("twice", Laptop2, 1, headcount: 5)), default);

        _gate.Open();

        StoreAssert.Flags(await first.WithTimeout(), true);
        StoreAssert.Flags(await second.WithTimeout(), false);
        Assert.Equal([2.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        Assert.Equal([1.0], _measurements.Of("checkpointgrid.storage.events.duplicate"));
        var log = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2u, Assert.Single(log.Crossings).Event.Headcount);
        Assert.Equal(1ul, log.DurableSequences[Laptop2]);
    }

    [Fact]
    public async Task Failed_transaction_fails_every_batch_in_it_and_resent_batches_are_stored_once()
    {
        await using var store = OpenGated();
        using (var raw = new RawDatabase(store.DatabasePath))
        {
            // Another process's trigger stands in for any failure inside the transaction (disk full, I/O error).
            raw.Execute("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.event_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned event'); END;");
        }
        var healthy = Stream(SanVicente, Laptop1, 2, Event("a", Laptop1, 1), Event("b", Laptop1, 2));
        var poisoned = Stream(LajasBlancas, Laptop2, 1, Event("poison", Laptop2, 1));
        var recorded = Recorded(SanVicente, Event("c", Laptop2));
        var first = store.CommitAsync(healthy, default);
        await _gate.Reached.WithTimeout();
        var second = store.CommitAsync(poisoned, default);
        var third = store.CommitAsync(recorded, default);

        _gate.Open();

        foreach (var failed in new[] { first, second, third })
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => failed.WithTimeout());
            Assert.Contains("poisoned event", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal([1.0], _measurements.Of("checkpointgrid.storage.transactions.failed"));
        var rolledBack = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Empty(rolledBack.Crossings);
        Assert.Empty(rolledBack.DurableSequences);

        using (var raw = new RawDatabase(store.DatabasePath))
        {
            raw.Execute("DROP TRIGGER poison;");
        }
        StoreAssert.Flags(await store.CommitAsync(healthy, default).WithTimeout(), true, true);
        StoreAssert.Flags(await store.CommitAsync(recorded, default).WithTimeout(), true);
        StoreAssert.Flags(await store.CommitAsync(poisoned, default).WithTimeout(), true);
        StoreAssert.Flags(await store.CommitAsync(healthy, default).WithTimeout(), false, false);

        var log = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(["a", "b", "c"], Ids(log));
        Assert.Equal(2ul, log.DurableSequences[Laptop1]);
        Assert.Equal(["poison"], Ids(await store.LoadAsync(LajasBlancas, default).WithTimeout()));
    }

    [Fact]
    public async Task Commit_waiting_for_room_in_a_full_queue_can_be_cancelled()
    {
        await using var store = OpenGated(options => options.QueueCapacity = 1);
        var first = store.CommitAsync(Stream(SanVicente, Laptop1, 1, Event("a", Laptop1, 1)), default);
        await _gate.Reached.WithTimeout();
        using var giveUp = new CancellationTokenSource();

        // The writer is held before it takes "a", so "a" fills the queue and "b" must wait for room.
        var blocked = store.CommitAsync(Stream(SanVicente, Laptop1, 2, Event("b", Laptop1, 2)), giveUp.Token);
        Assert.False(blocked.IsCompleted);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WithTimeout());
        _gate.Open();
        StoreAssert.Flags(await first.WithTimeout(), true);
        var log = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(["a"], Ids(log));
        Assert.Equal(1ul, log.DurableSequences[Laptop1]);
    }

    [Fact]
    public async Task Batch_whose_caller_gave_up_before_the_writer_reached_it_is_not_written()
    {
        await using var store = OpenGated();
        using var giveUp = new CancellationTokenSource();
        var abandoned = store.CommitAsync(Stream(SanVicente, Laptop1, 1, Event("a", Laptop1, 1)), giveUp.Token);
        await _gate.Reached.WithTimeout();

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WithTimeout());
        _gate.Open();

        StoreAssert.Flags(await store.CommitAsync(Stream(SanVicente, Laptop2, 1, Event("b", Laptop2, 1)), default).WithTimeout(), true);
        var log = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(["b"], Ids(log));
        Assert.False(log.DurableSequences.ContainsKey(Laptop1));
    }

    private SqliteCrossingStore OpenGated(Action<SqliteStoreOptions>? configure = null)
    {
        var options = new SqliteStoreOptions { DataDirectory = _directory.Path };
        configure?.Invoke(options);
        return SqliteCrossingStore.Open(options, null, _measurements.MeterFactory, null, _gate.BeforeDrain);
    }
}

using CheckpointGrid.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Sqlite;

/// <summary>The SQLite store's group commit: batches that wait together are written together, each whole or not at all, and fail together.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StorageMeasurements _measurements = new();
    private readonly WriterGate _gate = new();
    private readonly CheckpointWriter _sanVicente = new(SanVicente);
    private readonly CheckpointWriter _lajasBlancas = new(LajasBlancas);

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
        var first = store.CommitAsync(_sanVicente.Stream(Laptop1, 1, Event("a", Laptop1, 1)), default);
        await _gate.Reached.WithTimeout();
        var queued = new[]
        {
            store.CommitAsync(_sanVicente.Stream(Laptop2, 1, Event("b", Laptop2, 1)), default),
            store.CommitAsync(_lajasBlancas.Stream(Laptop1, 2, Event("c", Laptop1, 1), Event("d", Laptop1, 2)), default),
            store.CommitAsync(_lajasBlancas.Recorded(Event("e", Laptop2)), default),
        };
        Assert.False(first.IsCompleted);

        _gate.Open();
        StoreAssert.Committed(await first.WithTimeout());
        Assert.All(await Task.WhenAll(queued).WithTimeout(), StoreAssert.Committed);

        Assert.Equal([4.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        Assert.Equal([5.0], _measurements.Of("checkpointgrid.storage.transaction.events"));
        Assert.Equal([5.0], _measurements.Of("checkpointgrid.storage.events.stored"));
        Assert.Equal(4, _measurements.Of("checkpointgrid.storage.commit.duration").Length);
        StoreAssert.Holds(_sanVicente.Counter, await store.LoadAsync(SanVicente, default).WithTimeout());
        StoreAssert.Holds(_lajasBlancas.Counter, await store.LoadAsync(LajasBlancas, default).WithTimeout());
    }

    [Fact]
    public async Task Transaction_takes_at_most_the_configured_number_of_batches()
    {
        await using var store = OpenGated(options => options.MaxBatchesPerTransaction = 2);
        var commits = new List<Task<CommitResult>> { store.CommitAsync(_sanVicente.Stream(Laptop1, 1, Event("e0", Laptop1, 1)), default) };
        await _gate.Reached.WithTimeout();
        for (var i = 1; i < 5; i++)
        {
            commits.Add(store.CommitAsync(_sanVicente.Stream(Laptop1, (ulong)i + 1, Event($"e{i}", Laptop1, (ulong)i + 1)), default));
        }

        _gate.Open();
        Assert.All(await Task.WhenAll(commits).WithTimeout(), StoreAssert.Committed);

        Assert.Equal([2.0, 2.0, 1.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        Assert.Equal(5UL, (await store.LoadAsync(SanVicente, default).WithTimeout()).Version);
        using var raw = new RawDatabase(store.DatabasePath);
        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], raw.EventIds(SanVicente));
    }

    [Fact]
    public async Task Refused_batches_in_a_transaction_leave_the_others_whole()
    {
        await using var store = OpenGated();
        var first = store.CommitAsync(_sanVicente.Stream(Laptop1, 1, Event("a", Laptop1, 1)), default);
        await _gate.Reached.WithTimeout();
        // A second activation of San Vicente, expecting the version the first batch is about to move on from.
        var stale = store.CommitAsync(new CheckpointWriter(SanVicente).Stream(Laptop2, 1, Event("stale", Laptop2, 1)), default);
        var duplicate = store.CommitAsync(new CheckpointWriter(LajasBlancas).Stream(Laptop1, 3, Event("x", Laptop1, 1), Event("y", Laptop1, 2), Event("x", Laptop1, 3)), default);
        var after = store.CommitAsync(_lajasBlancas.Stream(Laptop1, 2, Event("x", Laptop1, 1), Event("z", Laptop1, 2)), default);
        var next = store.CommitAsync(_sanVicente.Recorded(Event("b", Laptop2)), default);

        _gate.Open();

        StoreAssert.Committed(await first.WithTimeout());
        StoreAssert.Conflict(await stale.WithTimeout());
        StoreAssert.Duplicates(await duplicate.WithTimeout(), 2);
        StoreAssert.Committed(await after.WithTimeout());
        StoreAssert.Committed(await next.WithTimeout());
        Assert.Equal([5.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        Assert.Equal([4.0], _measurements.Of("checkpointgrid.storage.events.stored"));
        Assert.Equal([1.0], _measurements.Of("checkpointgrid.storage.events.duplicate"));
        Assert.Equal([1.0], _measurements.Of("checkpointgrid.storage.batches.conflict"));
        using var raw = new RawDatabase(store.DatabasePath);
        Assert.Equal(["a", "b"], raw.EventIds(SanVicente));
        Assert.Equal(["x", "z"], raw.EventIds(LajasBlancas));
        var sanVicente = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2UL, sanVicente.Version);
        StoreAssert.Holds(_sanVicente.Counter, sanVicente);
        Assert.False(sanVicente.DurableSequences.ContainsKey(Laptop2));
        var lajasBlancas = await store.LoadAsync(LajasBlancas, default).WithTimeout();
        Assert.Equal(1UL, lajasBlancas.Version);
        StoreAssert.Holds(_lajasBlancas.Counter, lajasBlancas);
        Assert.Equal(2UL, lajasBlancas.DurableSequences[Laptop1]);
    }

    [Fact]
    public async Task Several_batches_with_duplicates_in_one_transaction_are_each_refused_and_the_rest_committed_once()
    {
        await using var store = OpenGated();
        var first = store.CommitAsync(_sanVicente.Stream(Laptop1, 1, Event("a", Laptop1, 1)), default);
        await _gate.Reached.WithTimeout();
        // Refused: "a" is in the transaction already. Then a good batch, a batch repeating its own id, and a good one.
        // (The refused ones come from writers one batch ahead, so they expect the version and fail on their ids.)
        var repeatsA = store.CommitAsync(OneBatchAhead(SanVicente).Stream(Laptop2, 1, Event("a", Laptop2, 1)), default);
        var good = store.CommitAsync(_lajasBlancas.Stream(Laptop1, 1, Event("x", Laptop1, 1)), default);
        var repeatsItself = store.CommitAsync(OneBatchAhead(LajasBlancas).Stream(Laptop2, 2, Event("y", Laptop2, 1), Event("y", Laptop2, 2)), default);
        var last = store.CommitAsync(_sanVicente.Stream(Laptop1, 2, Event("b", Laptop1, 2)), default);

        _gate.Open();

        StoreAssert.Committed(await first.WithTimeout());
        StoreAssert.Duplicates(await repeatsA.WithTimeout(), 0);
        StoreAssert.Committed(await good.WithTimeout());
        StoreAssert.Duplicates(await repeatsItself.WithTimeout(), 1);
        StoreAssert.Committed(await last.WithTimeout());
        Assert.Equal([5.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        Assert.Equal([3.0], _measurements.Of("checkpointgrid.storage.events.stored"));
        Assert.Equal([2.0], _measurements.Of("checkpointgrid.storage.events.duplicate"));
        using var raw = new RawDatabase(store.DatabasePath);
        Assert.Equal(["a", "b"], raw.EventIds(SanVicente));
        Assert.Equal(["x"], raw.EventIds(LajasBlancas));
        var sanVicente = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2UL, sanVicente.Version);
        StoreAssert.Holds(_sanVicente.Counter, sanVicente);
        var lajasBlancas = await store.LoadAsync(LajasBlancas, default).WithTimeout();
        Assert.Equal(1UL, lajasBlancas.Version);
        StoreAssert.Holds(_lajasBlancas.Counter, lajasBlancas);
        Assert.False(lajasBlancas.DurableSequences.ContainsKey(Laptop2));

        // The writer's memory of versions was dropped with the rolled-back passes: the next commits see the stored ones.
        StoreAssert.Committed(await store.CommitAsync(_sanVicente.Recorded(Event("c", Laptop2)), default).WithTimeout());
        StoreAssert.Committed(await store.CommitAsync(_lajasBlancas.Recorded(Event("y", Laptop2)), default).WithTimeout());
        Assert.Equal(3UL, (await store.LoadAsync(SanVicente, default).WithTimeout()).Version);
        Assert.Equal(2UL, (await store.LoadAsync(LajasBlancas, default).WithTimeout()).Version);

        static CheckpointWriter OneBatchAhead(CheckpointGrid.Core.CheckpointId checkpoint)
        {
            var writer = new CheckpointWriter(checkpoint);
            writer.Recorded();
            return writer;
        }
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
        var healthy = _sanVicente.Stream(Laptop1, 2, Event("a", Laptop1, 1), Event("b", Laptop1, 2));
        var poisoned = _lajasBlancas.Stream(Laptop2, 1, Event("poison", Laptop2, 1));
        var recorded = _sanVicente.Recorded(Event("c", Laptop2));
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
        Assert.Equal(0UL, rolledBack.Version);
        Assert.Empty(rolledBack.Rows);
        Assert.Empty(rolledBack.DurableSequences);

        using (var raw = new RawDatabase(store.DatabasePath))
        {
            raw.Execute("DROP TRIGGER poison;");
        }
        StoreAssert.Committed(await store.CommitAsync(healthy, default).WithTimeout());
        StoreAssert.Committed(await store.CommitAsync(recorded, default).WithTimeout());
        StoreAssert.Committed(await store.CommitAsync(poisoned, default).WithTimeout());
        StoreAssert.Conflict(await store.CommitAsync(healthy, default).WithTimeout());

        var sanVicente = await store.LoadAsync(SanVicente, default).WithTimeout();
        StoreAssert.Holds(_sanVicente.Counter, sanVicente);
        Assert.Equal(2ul, sanVicente.DurableSequences[Laptop1]);
        using var check = new RawDatabase(store.DatabasePath);
        Assert.Equal(["a", "b", "c"], check.EventIds(SanVicente));
        Assert.Equal(["poison"], check.EventIds(LajasBlancas));
    }

    [Fact]
    public async Task Commit_waiting_for_room_in_a_full_queue_can_be_cancelled()
    {
        await using var store = OpenGated(options => options.QueueCapacity = 1);
        var first = store.CommitAsync(_sanVicente.Stream(Laptop1, 1, Event("a", Laptop1, 1)), default);
        await _gate.Reached.WithTimeout();
        using var giveUp = new CancellationTokenSource();

        // The writer is held before it takes "a", so "a" fills the queue and "b" must wait for room.
        var blocked = store.CommitAsync(_sanVicente.Stream(Laptop1, 2, Event("b", Laptop1, 2)), giveUp.Token);
        Assert.False(blocked.IsCompleted);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WithTimeout());
        _gate.Open();
        StoreAssert.Committed(await first.WithTimeout());
        var state = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(1UL, state.Version);
        Assert.Equal(1ul, state.DurableSequences[Laptop1]);
        using var raw = new RawDatabase(store.DatabasePath);
        Assert.Equal(["a"], raw.EventIds(SanVicente));
    }

    [Fact]
    public async Task Batch_whose_caller_gave_up_before_the_writer_reached_it_is_not_written()
    {
        await using var store = OpenGated();
        using var giveUp = new CancellationTokenSource();
        var abandoned = store.CommitAsync(_sanVicente.Stream(Laptop1, 1, Event("a", Laptop1, 1)), giveUp.Token);
        await _gate.Reached.WithTimeout();

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WithTimeout());
        _gate.Open();

        // The grain does not know whether the abandoned batch committed: it reloads, and finds it did not.
        Assert.Equal(0UL, (await _sanVicente.ReloadAsync(store)).Version);
        StoreAssert.Committed(await _sanVicente.StreamAsync(store, Laptop2, 1, Event("b", Laptop2, 1)));
        var state = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.False(state.DurableSequences.ContainsKey(Laptop1));
        using var raw = new RawDatabase(store.DatabasePath);
        Assert.Equal(["b"], raw.EventIds(SanVicente));
    }

    private SqliteCrossingStore OpenGated(Action<SqliteStoreOptions>? configure = null)
    {
        var options = new SqliteStoreOptions { DataDirectory = _directory.Path };
        configure?.Invoke(options);
        return SqliteCrossingStore.Open(options, null, _measurements.MeterFactory, null, _gate.BeforeDrain);
    }
}

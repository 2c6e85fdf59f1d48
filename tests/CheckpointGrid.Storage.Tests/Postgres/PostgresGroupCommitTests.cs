using CheckpointGrid.Storage.Tests.Fixtures;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>The PostgreSQL store's group commit: batches that wait together are written in one transaction, each whole or not at all.</summary>
public sealed class PostgresGroupCommitTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly StorageMeasurements _measurements = new();
    private readonly WriterGate _gate = new();
    private readonly CheckpointWriter _sanVicente = new(SanVicente);
    private readonly CheckpointWriter _lajasBlancas = new(LajasBlancas);

    public void Dispose()
    {
        _gate.Dispose();
        _measurements.Dispose();
    }

    [Fact]
    public async Task Batches_waiting_together_share_one_transaction()
    {
        var (store, _) = await OpenGatedAsync();
        await using var _store = store;
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
        Assert.Equal([5.0], _measurements.Of("checkpointgrid.storage.events.stored"));
        Assert.Equal(4, _measurements.Of("checkpointgrid.storage.commit.duration").Length);
        var sanVicente = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2UL, sanVicente.Version);
        StoreAssert.Holds(_sanVicente.Counter, sanVicente);
        Assert.Equal(new Dictionary<Core.TerminalId, ulong> { [Laptop1] = 1, [Laptop2] = 1 }, sanVicente.DurableSequences);
        StoreAssert.Holds(_lajasBlancas.Counter, await store.LoadAsync(LajasBlancas, default).WithTimeout());
    }

    [Fact]
    public async Task Refused_batches_in_a_transaction_leave_the_others_whole()
    {
        var (store, connectionString) = await OpenGatedAsync();
        await using var _store = store;
        _gate.Open();
        StoreAssert.Committed(await _sanVicente.StreamAsync(store, Laptop1, 1, Event("a", Laptop1, 1)));
        var resender = new CheckpointWriter(SanVicente);
        await resender.ReloadAsync(store);
        using var gate = new WriterGate();
        await using var gated = await PostgresCrossingStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = connectionString }, null, _measurements.MeterFactory, null, gate.BeforeDrain, default);
        var opener = gated.CommitAsync(new CheckpointWriter(CheckpointGrid.Core.CheckpointId.Parse("PA-OTHER")).Recorded(Event("o")), default);
        await gate.Reached.WithTimeout();

        // In one group: a resend holding an id stored before (found only by the unique violation, so the group is
        // written again), the checkpoint's next batch, a stale activation of Lajas Blancas, a batch repeating its own
        // id, and Lajas Blancas' own batch.
        var resent = gated.CommitAsync(resender.Stream(Laptop2, 2, Event("new", Laptop2, 1), Event("a", Laptop2, 2)), default);
        var next = gated.CommitAsync(_sanVicente.Stream(Laptop1, 2, Event("b", Laptop1, 2)), default);
        var stale = gated.CommitAsync(OneBatchAhead(LajasBlancas).Stream(Laptop2, 1, Event("stale", Laptop2, 1)), default);
        var repeats = gated.CommitAsync(new CheckpointWriter(LajasBlancas).Stream(Laptop1, 3, Event("x", Laptop1, 1), Event("y", Laptop1, 2), Event("x", Laptop1, 3)), default);
        var own = gated.CommitAsync(_lajasBlancas.Stream(Laptop1, 2, Event("x", Laptop1, 1), Event("z", Laptop1, 2)), default);
        gate.Open();

        StoreAssert.Committed(await opener.WithTimeout());
        StoreAssert.Duplicates(await resent.WithTimeout(), 1);
        StoreAssert.Committed(await next.WithTimeout());
        StoreAssert.Conflict(await stale.WithTimeout());
        StoreAssert.Duplicates(await repeats.WithTimeout(), 2);
        StoreAssert.Committed(await own.WithTimeout());
        Assert.Equal(["a", "b"], await PostgresRaw.EventIdsAsync(connectionString, SanVicente));
        Assert.Equal(["x", "z"], await PostgresRaw.EventIdsAsync(connectionString, LajasBlancas));
        var sanVicente = await gated.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2UL, sanVicente.Version);
        StoreAssert.Holds(_sanVicente.Counter, sanVicente);
        Assert.Equal(new Dictionary<Core.TerminalId, ulong> { [Laptop1] = 2 }, sanVicente.DurableSequences);
        var lajasBlancas = await gated.LoadAsync(LajasBlancas, default).WithTimeout();
        Assert.Equal(1UL, lajasBlancas.Version);
        StoreAssert.Holds(_lajasBlancas.Counter, lajasBlancas);
        Assert.Equal(new Dictionary<Core.TerminalId, ulong> { [Laptop1] = 2 }, lajasBlancas.DurableSequences);
        // The first store's transaction, then the gated store's one of six (the opener and the five queued behind it).
        Assert.Equal([1.0, 6.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        Assert.Equal([1.0, 4.0], _measurements.Of("checkpointgrid.storage.events.stored"));
        Assert.Equal([0.0, 2.0], _measurements.Of("checkpointgrid.storage.events.duplicate"));
        Assert.Equal([0.0, 1.0], _measurements.Of("checkpointgrid.storage.batches.conflict"));
    }

    [Fact]
    public async Task Transaction_takes_at_most_the_configured_number_of_batches()
    {
        var (store, connectionString) = await OpenGatedAsync(maxBatches: 2);
        await using var _store = store;
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
        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], await PostgresRaw.EventIdsAsync(connectionString, SanVicente));
        StoreAssert.Holds(_sanVicente.Counter, await store.LoadAsync(SanVicente, default).WithTimeout());
    }

    [Fact]
    public async Task Batches_of_one_checkpoint_in_one_transaction_leave_the_rows_their_order_would()
    {
        var (store, _) = await OpenGatedAsync();
        await using var _store = store;
        var start = RecordedAt.AddDays(-500);
        var first = store.CommitAsync(_sanVicente.Recorded(Event("old", occurredAt: start)), default);
        await _gate.Reached.WithTimeout();
        // Each later batch moves the newest hour, then the newest day, so far on that the rows before go stale;
        // the last one writes an hour row again that an earlier batch's bound had dropped.
        var queued = new[]
        {
            store.CommitAsync(_sanVicente.Recorded(Event("hours-later", occurredAt: start.AddHours(Core.Counting.ScopeCounter.HourlyRowsKept))), default),
            store.CommitAsync(_sanVicente.Recorded(Event("days-later", occurredAt: start.AddDays(Core.Counting.ScopeCounter.DailyRowsKept).AddHours(Core.Counting.ScopeCounter.HourlyRowsKept))), default),
            store.CommitAsync(_sanVicente.Recorded(Event("recent", occurredAt: start.AddDays(Core.Counting.ScopeCounter.DailyRowsKept).AddHours(Core.Counting.ScopeCounter.HourlyRowsKept + 1))), default),
        };

        _gate.Open();
        StoreAssert.Committed(await first.WithTimeout());
        Assert.All(await Task.WhenAll(queued).WithTimeout(), StoreAssert.Committed);

        Assert.Equal([4.0], _measurements.Of("checkpointgrid.storage.transaction.batches"));
        var state = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(4UL, state.Version);
        StoreAssert.Holds(_sanVicente.Counter, state);
    }

    private static CheckpointWriter OneBatchAhead(CheckpointGrid.Core.CheckpointId checkpoint)
    {
        var writer = new CheckpointWriter(checkpoint);
        _ = writer.Recorded(Event($"{checkpoint}-ahead"));
        return writer;
    }

    private async Task<(PostgresCrossingStore Store, string ConnectionString)> OpenGatedAsync(int maxBatches = 256)
    {
        var options = await server.NewDatabaseAsync();
        options.MaxBatchesPerTransaction = maxBatches;
        var store = await PostgresCrossingStore.OpenAsync(options, null, _measurements.MeterFactory, null, _gate.BeforeDrain, default);
        return (store, options.ConnectionString);
    }
}

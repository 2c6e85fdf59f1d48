using System.Text.RegularExpressions;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage.Tests.Fixtures;
using CheckpointGrid.Storage.Tests.Programs;
using CheckpointGrid.Testing;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Sqlite;

/// <summary>What the SQLite store promises about an acknowledged commit: it is in the file, whatever happens to the process.</summary>
public sealed partial class SqliteDurabilityTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Committed_batch_is_in_the_file_for_another_connection_before_the_store_closes()
    {
        await using var store = SqliteCrossingStore.Open(Options());

        StoreAssert.Committed(await new CheckpointWriter(SanVicente).StreamAsync(store, Laptop1, 7, Event("a", Laptop1, 6), Event("b", Laptop1, 7)));

        using var raw = new RawDatabase(store.DatabasePath);
        Assert.Equal(2L, raw.Scalar("SELECT count(*) FROM events WHERE checkpoint_id = 'PA-DAR-SVC';"));
        Assert.Equal(7L, raw.Scalar("SELECT durable_sequence FROM terminals WHERE terminal_id = 'svc-laptop-1';"));
        Assert.Equal(1L, raw.Scalar("SELECT version FROM checkpoint_versions WHERE checkpoint_id = 'PA-DAR-SVC';"));
        // Totals, the hour, the day, and the month of the one direction and sex both events share.
        Assert.Equal(4L, raw.Scalar("SELECT count(*) FROM counts_rows WHERE checkpoint_id = 'PA-DAR-SVC';"));
    }

    [Theory]
    [InlineData(SqliteSynchronous.Full)]
    [InlineData(SqliteSynchronous.Normal)]
    public async Task Acknowledged_events_survive_the_process_being_killed(SqliteSynchronous synchronous)
    {
        var program = typeof(CrashWriterProgram).Assembly.Location;
        await using (var child = ChildProcess.Start("dotnet", [program, "crash-writer", _directory.Path, synchronous.ToString()]))
        {
            await child.WaitForLineAsync(@"^acked 20$", TestWaits.Timeout);
            child.Kill();
            await child.WaitForExitAsync(TestWaits.Timeout);

            var acked = LastAck(child.Output);
            await using var store = SqliteCrossingStore.Open(Options());
            var state = await store.LoadAsync(CrashWriterProgram.Checkpoint, default).WithTimeout();

            using var raw = new RawDatabase(store.DatabasePath);
            var stored = raw.EventIds(CrashWriterProgram.Checkpoint).ToHashSet();
            for (var batch = 1; batch <= acked; batch++)
            {
                for (var i = 0; i < CrashWriterProgram.EventsPerBatch; i++)
                {
                    Assert.Contains(CrashWriterProgram.EventId(batch, i), stored);
                }
            }
            Assert.True(state.Version >= (ulong)acked);
            // A batch is stored whole or not at all: its events, its counts, its version and its sequence together.
            Assert.Equal((ulong)stored.Count, state.Version * CrashWriterProgram.EventsPerBatch);
            Assert.Equal((ulong)stored.Count, state.DurableSequences[CrashWriterProgram.Terminal]);
            var counts = ScopeCounter.Restore(state.ShelterOccupants, state.LastRecordedAt, state.Rows);
            Assert.Equal((ulong)stored.Count, counts.Rows()[0].Tally.People(Movement.Arrival));
        }
    }

    [Fact]
    public async Task Closing_writes_every_queued_batch_first()
    {
        using var gate = new WriterGate();
        var store = SqliteCrossingStore.Open(Options(), null, null, null, gate.BeforeDrain);
        var sanVicente = new CheckpointWriter(SanVicente);
        var lajasBlancas = new CheckpointWriter(LajasBlancas);
        var commits = new List<Task<CommitResult>> { store.CommitAsync(sanVicente.Stream(Laptop1, 1, Event("a", Laptop1, 1)), default) };
        await gate.Reached.WithTimeout();
        commits.Add(store.CommitAsync(sanVicente.Stream(Laptop1, 2, Event("b", Laptop1, 2)), default));
        commits.Add(store.CommitAsync(lajasBlancas.Recorded(Event("c", Laptop2)), default));

        var closing = store.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CommitAsync(sanVicente.Stream(Laptop1, 3, Event("late", Laptop1, 3)), default));
        gate.Open();
        await closing.WithTimeout();

        foreach (var commit in commits)
        {
            StoreAssert.Committed(await commit.WithTimeout());
        }
        await using var reopened = SqliteCrossingStore.Open(Options());
        var state = await reopened.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2UL, state.Version);
        Assert.Equal(2ul, state.DurableSequences[Laptop1]);
        Assert.Equal(1UL, (await reopened.LoadAsync(LajasBlancas, default).WithTimeout()).Version);
        using var raw = new RawDatabase(reopened.DatabasePath);
        Assert.Equal(["a", "b"], raw.EventIds(SanVicente));
        Assert.Equal(["c"], raw.EventIds(LajasBlancas));
    }

    [Fact]
    public async Task Closed_store_refuses_commits_and_loads()
    {
        var store = SqliteCrossingStore.Open(Options());
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CommitAsync(new CheckpointWriter(SanVicente).Stream(Laptop1, 1, Event("a", Laptop1, 1)), default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadAsync(SanVicente, default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadCatalogAsync(default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.SaveCheckpointAsync(Core.Catalog.DefaultCatalog.Checkpoints[0], default));
        await store.DisposeAsync();
    }

    [Fact]
    public async Task Writer_that_dies_fails_every_queued_and_later_commit_clearly()
    {
        var bug = new InvalidOperationException("a bug in the writer loop");
        var store = SqliteCrossingStore.Open(Options(), null, null, null, () => throw bug);

        var writer = new CheckpointWriter(SanVicente);
        var queued = store.CommitAsync(writer.Stream(Laptop1, 1, Event("a", Laptop1, 1)), default);

        Assert.Same(bug, await Assert.ThrowsAsync<InvalidOperationException>(() => queued.WithTimeout()));
        var later = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync(writer.Stream(Laptop1, 2, Event("b", Laptop1, 2)), default));
        Assert.Same(bug, later.InnerException);
        await store.DisposeAsync().AsTask().WithTimeout();
    }

    private SqliteStoreOptions Options() => new() { DataDirectory = _directory.Path };

    private static int LastAck(string output)
    {
        var last = 0;
        foreach (Match match in AckLine().Matches(output))
        {
            last = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return last;
    }

    [GeneratedRegex(@"^acked (\d+)$", RegexOptions.Multiline)]
    private static partial Regex AckLine();
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage.Tests.Fixtures;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Sqlite;

/// <summary>Opening a database an older build wrote: its schema moves to the current version, its data kept and made usable.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    // What a version-1 build created: events and durable sequences, no counts.
    private const string Version1 = """
        CREATE TABLE events (
            checkpoint_id TEXT NOT NULL, event_id TEXT NOT NULL, terminal_id TEXT NOT NULL, sequence INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL, movement INTEGER NOT NULL, direction INTEGER NOT NULL, nationality TEXT NOT NULL,
            age_group INTEGER NOT NULL, sex INTEGER NOT NULL, headcount INTEGER NOT NULL, recorded_at INTEGER NOT NULL,
            UNIQUE (checkpoint_id, event_id)
        );
        CREATE TABLE terminals (
            checkpoint_id TEXT NOT NULL, terminal_id TEXT NOT NULL, durable_sequence INTEGER NOT NULL,
            PRIMARY KEY (checkpoint_id, terminal_id)
        ) WITHOUT ROWID;
        PRAGMA user_version = 1;
        """;

    private static readonly CheckpointId TerminalsOnly = CheckpointId.Parse("PA-COL-MIR");

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Version_1_database_gets_each_checkpoints_counts_from_its_events_at_version_1()
    {
        var options = new SqliteStoreOptions { DataDirectory = _directory.Path };
        var sanVicente = new ScopeCounter();
        var lajasBlancas = new ScopeCounter();
        using (var raw = new RawDatabase(options.DatabasePath))
        {
            raw.Execute(Version1);
            for (var i = 0; i < 40; i++)
            {
                var crossing = Event($"e{i}", Laptop1, (ulong)i + 1, (Movement)(1 + (i % 5)), (uint)(1 + (i % 4)), i % 3 == 0 ? "HTI" : "VEN", RecordedAt.AddHours(-7 * i));
                var recordedAt = RecordedAt.AddMinutes(-i);
                Insert(raw, i % 4 == 0 ? LajasBlancas : SanVicente, crossing, recordedAt);
                (i % 4 == 0 ? lajasBlancas : sanVicente).Apply(crossing, recordedAt);
            }
            raw.Execute("INSERT INTO terminals VALUES ('PA-DAR-SVC', 'svc-laptop-1', 40), ('PA-COL-MIR', 'svc-laptop-2', 3);");
        }

        await using var store = SqliteCrossingStore.Open(options);

        var state = await store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(1UL, state.Version);
        StoreAssert.Holds(sanVicente, state);
        Assert.Equal(40UL, state.DurableSequences[Laptop1]);
        var lajas = await store.LoadAsync(LajasBlancas, default).WithTimeout();
        Assert.Equal(1UL, lajas.Version);
        StoreAssert.Holds(lajasBlancas, lajas);
        var terminalsOnly = await store.LoadAsync(TerminalsOnly, default).WithTimeout();
        Assert.Equal(1UL, terminalsOnly.Version);
        Assert.Empty(terminalsOnly.Rows);
        Assert.Equal(3UL, terminalsOnly.DurableSequences[Laptop2]);

        // The grain carries on from there, and the old events are still the exactly-once key.
        var writer = new CheckpointWriter(SanVicente);
        await writer.ReloadAsync(store);
        StoreAssert.Duplicates(await store.CommitAsync(writer.Stream(Laptop1, 42, Event("e1", Laptop1, 41), Event("new", Laptop1, 42)), default).WithTimeout(), 0);
        await writer.ReloadAsync(store);
        StoreAssert.Committed(await writer.StreamAsync(store, Laptop1, 42, Event("new", Laptop1, 42)));
        StoreAssert.Holds(writer.Counter, await store.LoadAsync(SanVicente, default).WithTimeout());
    }

    [Fact]
    public async Task Version_2_database_gets_an_empty_revocation_list_and_keeps_its_events()
    {
        var options = new SqliteStoreOptions { DataDirectory = _directory.Path };
        var writer = new CheckpointWriter(SanVicente);
        await using (var current = SqliteCrossingStore.Open(options))
        {
            StoreAssert.Committed(await writer.StreamAsync(current, Laptop1, 1, Event("a", Laptop1, 1)));
        }
        using (var raw = new RawDatabase(options.DatabasePath))
        {
            // Back to what a version-2 build left.
            raw.Execute("DROP TABLE revoked_tokens; PRAGMA user_version = 2;");
        }

        await using var store = SqliteCrossingStore.Open(options);

        Assert.Empty(await store.LoadRevocationsAsync(default).WithTimeout());
        StoreAssert.Holds(writer.Counter, await store.LoadAsync(SanVicente, default).WithTimeout());
        using var reopened = new RawDatabase(options.DatabasePath);
        Assert.Equal(3L, reopened.Scalar("PRAGMA user_version;"));
    }

    private static void Insert(RawDatabase raw, CheckpointId checkpoint, CrossingEvent crossing, DateTimeOffset recordedAt) =>
        raw.Execute(FormattableString.Invariant($"""
            INSERT INTO events VALUES ('{checkpoint}', '{crossing.EventId}', '{crossing.TerminalId}', {crossing.Sequence},
                {(crossing.OccurredAt.Seconds * 1_000_000_000) + crossing.OccurredAt.Nanos}, {(int)crossing.Movement}, {(int)crossing.Direction},
                '{crossing.Nationality}', {(int)crossing.AgeGroup}, {(int)crossing.Sex}, {crossing.Headcount},
                {(recordedAt.UtcTicks - DateTime.UnixEpoch.Ticks) * 100});
            """));
}

using CheckpointGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Options;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Sqlite;

/// <summary>The SQLite store's file, schema and options.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Database_is_a_WAL_file_in_the_data_directory_at_the_current_schema_version()
    {
        var dataDirectory = Path.Combine(_directory.Path, "not", "yet", "there");
        await using var store = SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = dataDirectory });

        Assert.Equal(Path.Combine(dataDirectory, "checkpointgrid.db"), store.DatabasePath);
        using var raw = new RawDatabase(store.DatabasePath);
        Assert.Equal("wal", raw.Scalar("PRAGMA journal_mode;"));
        Assert.Equal(3L, raw.Scalar("PRAGMA user_version;"));
        Assert.Equal(6L, raw.Scalar(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('events', 'terminals', 'checkpoint_versions', 'counts_rows', 'catalog', 'revoked_tokens');"));
    }

    [Fact]
    public async Task Reopening_a_current_database_keeps_its_schema_and_data()
    {
        var options = new SqliteStoreOptions { DataDirectory = _directory.Path, FileName = "other.db" };
        var writer = new CheckpointWriter(SanVicente);
        await using (var store = SqliteCrossingStore.Open(options))
        {
            StoreAssert.Committed(await writer.StreamAsync(store, Laptop1, 1, Event("a", Laptop1, 1)));
        }

        await using var reopened = SqliteCrossingStore.Open(options);

        var state = await reopened.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(1UL, state.Version);
        StoreAssert.Holds(writer.Counter, state);
        using var raw = new RawDatabase(reopened.DatabasePath);
        Assert.Equal(3L, raw.Scalar("PRAGMA user_version;"));
        Assert.Equal(["a"], raw.EventIds(SanVicente));
    }

    [Fact]
    public async Task Write_ahead_log_is_copied_into_the_database_off_the_writer_once_it_holds_the_configured_pages()
    {
        using var measurements = new StorageMeasurements();
        var options = new SqliteStoreOptions { DataDirectory = _directory.Path, WalCheckpointPages = 1000 };
        await using var store = SqliteCrossingStore.Open(options, meterFactory: measurements.MeterFactory);
        var writer = new CheckpointWriter(SanVicente);
        var checkpointed = measurements.Recorded("checkpointgrid.storage.wal_checkpoint.pages");
        var emptyDatabaseBytes = new FileInfo(store.DatabasePath).Length;

        // About 4 MiB of events and index: over 1,000 pages of log. Bounded, in case nothing ever checkpoints.
        for (var batch = 0; batch < 400 && !checkpointed.IsCompleted; batch++)
        {
            var events = Enumerable.Range(0, 250).Select(i => Event($"b{batch}-e{i}")).ToArray();
            StoreAssert.Committed(await writer.RecordAsync(store, events));
        }

        await checkpointed.WithTimeout();
        Assert.True(measurements.Of("checkpointgrid.storage.wal_checkpoint.pages").Sum() >= 1000);
        // In WAL mode only a checkpoint writes the database file.
        Assert.True(new FileInfo(store.DatabasePath).Length > emptyDatabaseBytes, "The database file holds the copied pages.");
        Assert.Empty(measurements.Of("checkpointgrid.storage.transactions.failed"));
    }

    [Fact]
    public async Task Database_written_by_a_newer_build_is_refused()
    {
        var options = new SqliteStoreOptions { DataDirectory = _directory.Path };
        await using (var store = SqliteCrossingStore.Open(options))
        {
            using var raw = new RawDatabase(store.DatabasePath);
            raw.Execute("PRAGMA user_version = 99;");
        }

        var refused = Assert.Throws<InvalidOperationException>(() => SqliteCrossingStore.Open(options));

        Assert.Contains("schema version 99", refused.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> InvalidOptions => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_refused(string name)
    {
        var options = new SqliteStoreOptions { DataDirectory = _directory.Path };
        Invalid[name](options);

        var refused = Assert.Throws<OptionsValidationException>(() => SqliteCrossingStore.Open(options));

        Assert.Contains(name, refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    private static readonly Dictionary<string, Action<SqliteStoreOptions>> Invalid = new()
    {
        ["DataDirectory"] = static o => o.DataDirectory = " ",
        ["FileName"] = static o => o.FileName = "sub/checkpointgrid.db",
        ["Synchronous"] = static o => o.Synchronous = (SqliteSynchronous)7,
        ["MaxBatchesPerTransaction"] = static o => o.MaxBatchesPerTransaction = 0,
        ["QueueCapacity"] = static o => o.QueueCapacity = 0,
        ["BusyTimeout"] = static o => o.BusyTimeout = TimeSpan.Zero,
    };
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>The store's database file and how connections to it are opened: one long-lived writer, pooled readers.</summary>
internal sealed class SqliteDatabase
{
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly int _walCheckpointPages;
    private readonly long _busyTimeoutMilliseconds;

    public SqliteDatabase(SqliteStoreOptions options)
    {
        Path = System.IO.Path.GetFullPath(options.DatabasePath);
        Synchronous = options.Synchronous;
        _walCheckpointPages = options.WalCheckpointPages;
        _busyTimeoutMilliseconds = (long)options.BusyTimeout.TotalMilliseconds;
        var timeoutSeconds = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        // The writer lives as long as the store, so pooling would only keep the file open after it is closed.
        _writerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = timeoutSeconds,
        }.ToString();
        _readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    public SqliteSynchronous Synchronous { get; }

    /// <summary>Opens the connection that does all writing: WAL journal, the configured synchronous level.</summary>
    public SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_writerConnectionString);
        try
        {
            connection.Open();
            var mode = Execute(connection, "PRAGMA journal_mode = WAL;") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL journal mode for {Path} (it reports '{mode}').");
            }
            Execute(connection, Synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            // A 64 MiB page cache holds the hot part of the (checkpoint_id, event_id) index, where random event
            // ids land all over. The WAL is checkpointed by SqliteWalCheckpointer, off this connection; only if
            // that falls far behind does the writer checkpoint in line. The log is cut back to 64 MiB after each.
            Execute(connection, "PRAGMA cache_size = -65536;");
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = {FallbackCheckpointPages};"));
            Execute(connection, "PRAGMA journal_size_limit = 67108864;");
            // The writer's statements run below ADO.NET (see SqliteBatchWriter), so SQLite's own busy handler
            // does the waiting that Microsoft.Data.Sqlite's retry loop would.
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds};"));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The WAL pages after which the writer asks for a checkpoint off its thread.</summary>
    public int CheckpointPages => _walCheckpointPages;

    /// <summary>The WAL pages at which the writer checkpoints in line: the background checkpointer has fallen far behind.</summary>
    private int FallbackCheckpointPages => _walCheckpointPages * 4;

    /// <summary>Opens the connection that checkpoints the WAL (<see cref="SqliteWalCheckpointer"/>): it syncs the database file as the writer would.</summary>
    public SqliteConnection OpenCheckpointer()
    {
        var connection = new SqliteConnection(_writerConnectionString);
        try
        {
            connection.Open();
            Execute(connection, Synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            Execute(connection, "PRAGMA journal_size_limit = 67108864;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a (pooled) connection for reading.</summary>
    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Closes the idle pooled readers, so that nothing keeps the file open once the store is closed.</summary>
    public void ClearReaderPool()
    {
        using var connection = new SqliteConnection(_readerConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    public static object? Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }
}

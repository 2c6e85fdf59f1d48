using System.Diagnostics;
using CheckpointGrid.Storage.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database on a thread and connection of its own, when the writer asks
/// (<see cref="Request"/>, after it has appended <see cref="SqliteStoreOptions.WalCheckpointPages"/> pages). Left to
/// the writer, that copy and the database file's fsync ran in line with a commit every few seconds, and every batch
/// queued behind it waited: the ack latency tail. A PASSIVE checkpoint never blocks the writer or the readers; it
/// copies what no reader still needs.
/// <para>
/// The log starts over only when a write transaction begins with all of it copied, which a writer that never pauses
/// would not allow: each pass ends with the writer a few pages ahead. So after the passes the writer is told
/// (<see cref="TakeFinishRequest"/>) to checkpoint the few pages left itself, between two transactions; that copy is
/// small and so is its sync, since this thread synced the rest.
/// </para>
/// </summary>
internal sealed class SqliteWalCheckpointer : IDisposable
{
    private const int MaxPasses = 16;
    private readonly SqliteDatabase _database;
    private readonly StorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly AutoResetEvent _due = new(false);
    private readonly Thread _thread;
    private SqliteConnection? _connection;
    private int _logPages;
    private int _backfilled;
    private volatile bool _stopping;
    private int _finishRequested;

    public SqliteWalCheckpointer(SqliteDatabase database, StorageMetrics metrics, ILogger logger)
    {
        _database = database;
        _metrics = metrics;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "CheckpointGrid SQLite checkpointer" };
        _thread.Start();
    }

    /// <summary>Asks for a checkpoint; requests made while one runs fold into the next.</summary>
    public void Request() => _due.Set();

    /// <summary>Whether the writer should now checkpoint what is left, between two transactions; true once per completed checkpoint.</summary>
    public bool TakeFinishRequest() => Interlocked.Exchange(ref _finishRequested, 0) != 0;

    /// <summary>Stops the thread, after the checkpoint it may be running, and closes its connection.</summary>
    public void Dispose()
    {
        _stopping = true;
        _due.Set();
        _thread.Join();
        _due.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _due.WaitOne();
            if (_stopping)
            {
                break;
            }
            Checkpoint();
        }
        _connection?.Dispose();
    }

    private void Checkpoint()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            _connection ??= _database.OpenCheckpointer();
            // A pass copies the log as it was when the pass began; the writer goes on appending meanwhile. The log
            // starts over only once all of it is copied, so catch up pass by pass (each copies what was appended
            // during the one before), stopping when a pass makes no progress (a reader still needs the rest).
            var copiedBefore = _backfilled;
            var copied = 0;
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var rc = raw.sqlite3_wal_checkpoint_v2(_connection.Handle, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out var logPages, out var backfilled);
                if (rc == raw.SQLITE_BUSY)
                {
                    // Another connection is checkpointing (the writer's fallback): it does the work.
                    break;
                }
                if (rc != raw.SQLITE_OK)
                {
                    SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
                }
                // A log shorter than last seen has started over: everything in it is new.
                if (logPages < _logPages)
                {
                    copiedBefore = 0;
                }
                (_logPages, _backfilled) = (logPages, backfilled);
                copied += Math.Max(0, backfilled - copiedBefore);
                if (backfilled >= logPages || backfilled == copiedBefore)
                {
                    break;
                }
                copiedBefore = backfilled;
            }
            Volatile.Write(ref _finishRequested, 1);
            var elapsed = Stopwatch.GetElapsedTime(started);
            _metrics.WalCheckpointed(copied, elapsed);
            StorageLog.WalCheckpointed(_logger, copied, elapsed.TotalMilliseconds);
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException or IOException)
        {
            // The writer's own checkpoint (at a multiple of the threshold) keeps the log bounded meanwhile.
            StorageLog.WalCheckpointFailed(_logger, exception);
            _connection?.Dispose();
            _connection = null;
        }
    }
}

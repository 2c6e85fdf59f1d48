using System.Threading.Channels;
using CheckpointGrid.Storage.Diagnostics;
using CheckpointGrid.Storage.GroupCommit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// The single writer behind <see cref="SqliteCrossingStore"/>: a dedicated thread that takes every batch
/// waiting in the queue (up to a cap), writes them in one transaction, commits, and only then completes
/// each batch. A failed transaction fails every batch in it; they may be resent, since a resent batch
/// that did commit is refused for its version. When the queue is closed the thread writes what is left, then ends.
/// </summary>
internal sealed class SqliteGroupCommitter
{
    private readonly CommitQueue _commits;
    private readonly ChannelReader<PendingCommit> _queue;
    private readonly SqliteDatabase _database;
    private readonly int _maxBatches;
    private readonly StorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SqliteWalCheckpointer _checkpointer;
    private readonly Action? _beforeDrain;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SqliteBatchWriter? _writer;
    private int _walPagesSinceCheckpointRequest;

    public SqliteGroupCommitter(
        CommitQueue queue,
        SqliteDatabase database,
        SqliteBatchWriter writer,
        int maxBatches,
        StorageMetrics metrics,
        ILogger logger,
        TimeProvider timeProvider,
        SqliteWalCheckpointer checkpointer,
        Action? beforeDrain)
    {
        _commits = queue;
        _queue = queue.Reader;
        _database = database;
        _writer = writer;
        _maxBatches = maxBatches;
        _metrics = metrics;
        _logger = logger;
        _timeProvider = timeProvider;
        _checkpointer = checkpointer;
        _beforeDrain = beforeDrain;
    }

    /// <summary>Completes when the thread has ended, every queued batch completed (or failed) and the connection closed.</summary>
    public Task Stopped => _stopped.Task;

    public void Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "CheckpointGrid SQLite writer" };
        thread.Start();
    }

    private void Run()
    {
        var group = new List<PendingCommit>(_maxBatches);
        try
        {
            while (WaitForWork())
            {
                _beforeDrain?.Invoke();
                while (group.Count < _maxBatches && _queue.TryRead(out var pending))
                {
                    if (pending.CancellationToken.IsCancellationRequested)
                    {
                        pending.TrySetCanceled(pending.CancellationToken);
                        continue;
                    }
                    group.Add(pending);
                }
                if (group.Count > 0)
                {
                    Commit(group);
                    group.Clear();
                }
            }
            _writer?.Dispose();
            _stopped.TrySetResult();
        }
        catch (Exception exception)
        {
            // Only a bug gets here (Commit contains write failures): fail what is in hand and queued, loudly.
            StorageLog.WriterFaulted(_logger, exception);
            _commits.Fault(exception);
            foreach (var pending in group)
            {
                pending.TrySetException(exception);
            }
            while (_queue.TryRead(out var pending))
            {
                pending.TrySetException(exception);
            }
            DisposeWriterQuietly();
            // Not faulted: closing the store should not throw for a failure already logged and handed to every caller.
            _stopped.TrySetResult();
        }
    }

    /// <summary>Blocks this thread until a batch is queued; false once the queue is closed and empty.</summary>
    private bool WaitForWork()
    {
        var ready = _queue.WaitToReadAsync();
        return ready.IsCompletedSuccessfully ? ready.Result : ready.AsTask().GetAwaiter().GetResult();
    }

    private void Commit(List<PendingCommit> group)
    {
        var started = _timeProvider.GetTimestamp();
        WriteCounts counts;
        try
        {
            _writer ??= SqliteBatchWriter.Open(_database);
            FinishCheckpointIfDue(_writer);
            counts = _writer.Write(group);
            RequestCheckpointWhenDue(_writer.TakePagesWritten());
        }
        catch (Exception exception)
        {
            // The connection's state is unknown after a failure: the next transaction opens a fresh one.
            DisposeWriterQuietly();
            GroupOutcome.Failed(group, exception, exception, _metrics, _logger);
            return;
        }

        GroupOutcome.Committed(group, counts, started, _timeProvider, _metrics, _logger);
    }

    /// <summary>The checkpointer has copied most of the log: copy the rest in line, so the next transaction starts the log over.</summary>
    private void FinishCheckpointIfDue(SqliteBatchWriter writer)
    {
        if (!_checkpointer.TakeFinishRequest())
        {
            return;
        }
        try
        {
            writer.CheckpointRemainder();
        }
        catch (SqliteException exception)
        {
            // The batches are not at stake: the log just grows until a later checkpoint.
            StorageLog.WalCheckpointFailed(_logger, exception);
        }
    }

    private void RequestCheckpointWhenDue(int pagesWritten)
    {
        _walPagesSinceCheckpointRequest += pagesWritten;
        if (_walPagesSinceCheckpointRequest >= _database.CheckpointPages)
        {
            _walPagesSinceCheckpointRequest = 0;
            _checkpointer.Request();
        }
    }

    private void DisposeWriterQuietly()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Closing a broken connection may fail too; the failure was already reported.
        }
        _writer = null;
    }
}

using CheckpointGrid.Storage.Diagnostics;
using CheckpointGrid.Storage.GroupCommit;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>
/// The single writer behind <see cref="PostgresCrossingStore"/>: one loop that takes every batch waiting in the
/// queue (up to a cap), writes them in one transaction, and only after COMMIT completes each. A failed transaction
/// (the database restarting, the network) fails every batch in it and the loop goes on: the next group opens a new
/// connection, so commits succeed again once the database is back. A failed batch may be resent: if its transaction
/// did commit (a failure during COMMIT leaves that unknown), the resend is refused for its version. When the queue is
/// closed the loop writes what is left, then ends.
/// </summary>
internal sealed class PostgresGroupCommitter(
    CommitQueue queue,
    NpgsqlDataSource dataSource,
    PostgresBatchWriter writer,
    int maxBatches,
    StorageMetrics metrics,
    ILogger logger,
    TimeProvider timeProvider,
    Action? beforeDrain)
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the loop has ended and every queued batch completed (or failed).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Starts the loop once <paramref name="ready"/> (the schema) completes; if it fails, so does every batch.</summary>
    public void Start(Task ready) => _ = Task.Run(() => RunAsync(ready));

    private async Task RunAsync(Task ready)
    {
        var group = new List<PendingCommit>(maxBatches);
        var reader = queue.Reader;
        try
        {
            await ready.ConfigureAwait(false);
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                beforeDrain?.Invoke();
                while (group.Count < maxBatches && reader.TryRead(out var pending))
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
                    await CommitAsync(group).ConfigureAwait(false);
                    group.Clear();
                }
            }
            _stopped.TrySetResult();
        }
        catch (Exception exception)
        {
            // The schema could not be made ready, or a bug (CommitAsync contains write failures): fail all, loudly.
            StorageLog.PostgresWriterFaulted(logger, exception);
            queue.Fault(exception);
            foreach (var pending in group)
            {
                pending.TrySetException(exception);
            }
            while (reader.TryRead(out var pending))
            {
                pending.TrySetException(exception);
            }
            _stopped.TrySetResult();
        }
    }

    private async Task CommitAsync(List<PendingCommit> group)
    {
        var started = timeProvider.GetTimestamp();
        WriteCounts counts;
        try
        {
            counts = await writer.WriteAsync(group, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // After a restart every idle pooled connection is dead: drop them, so the next group connects afresh.
            dataSource.Clear();
            GroupOutcome.Failed(group, exception, new PostgresCommitException(exception), metrics, logger);
            return;
        }

        GroupOutcome.Committed(group, counts, started, timeProvider, metrics, logger);
    }
}

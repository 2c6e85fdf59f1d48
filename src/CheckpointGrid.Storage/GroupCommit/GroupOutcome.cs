using CheckpointGrid.Storage.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Storage.GroupCommit;

/// <summary>How a store's writer ends a group's transaction, whichever the database: every batch completed, logged and measured alike.</summary>
internal static class GroupOutcome
{
    /// <summary>The transaction committed: each batch gets the outcome its writer decided, after the commit.</summary>
    public static void Committed(
        List<PendingCommit> group, WriteCounts counts, long started, TimeProvider time, StorageMetrics metrics, ILogger logger)
    {
        var elapsed = time.GetElapsedTime(started);
        metrics.TransactionCommitted(group.Count, CountEvents(group), counts.Stored, counts.Duplicates, counts.Conflicts, elapsed);
        StorageLog.Committed(logger, group.Count, counts.Stored, counts.Duplicates, counts.Conflicts, elapsed.TotalMilliseconds);
        var committed = time.GetTimestamp();
        foreach (var pending in group)
        {
            metrics.BatchCommitted(time.GetElapsedTime(pending.EnqueuedAt, committed));
            pending.TrySetResult(pending.Outcome!);
        }
    }

    /// <summary>The transaction failed and was rolled back: every batch in it fails with <paramref name="failure"/> and may be resent.</summary>
    public static void Failed(List<PendingCommit> group, Exception cause, Exception failure, StorageMetrics metrics, ILogger logger)
    {
        StorageLog.TransactionFailed(logger, group.Count, CountEvents(group), cause);
        metrics.TransactionFailed();
        foreach (var pending in group)
        {
            pending.TrySetException(failure);
        }
    }

    private static int CountEvents(List<PendingCommit> group)
    {
        var events = 0;
        foreach (var pending in group)
        {
            events += pending.Batch.Events.Count;
        }
        return events;
    }
}

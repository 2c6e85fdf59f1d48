using System.Diagnostics.Metrics;

namespace CheckpointGrid.Storage.Diagnostics;

/// <summary>A store's instruments, on the one storage Meter; each measurement is tagged with the store's kind.</summary>
internal sealed class StorageMetrics
{
    private readonly KeyValuePair<string, object?> _store;
    private readonly Histogram<int> _transactionBatches;
    private readonly Histogram<int> _transactionEvents;
    private readonly Histogram<double> _transactionDuration;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _failedTransactions;
    private readonly Histogram<double> _walCheckpointDuration;
    private readonly Counter<long> _walPagesCopied;

    public StorageMetrics(Meter meter, string store)
    {
        _store = new("checkpointgrid.store", store);
        _transactionBatches = meter.CreateHistogram<int>(
            "checkpointgrid.storage.transaction.batches", "{batch}", "Batches written per transaction (group commit size).",
            advice: new() { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _transactionEvents = meter.CreateHistogram<int>(
            "checkpointgrid.storage.transaction.events", "{event}", "Events offered per transaction, stored or refused.",
            advice: new() { HistogramBucketBoundaries = [1, 10, 100, 1_000, 10_000, 100_000] });
        _transactionDuration = meter.CreateHistogram<double>(
            "checkpointgrid.storage.transaction.duration", "s", "Time to write and commit one transaction.");
        _commitDuration = meter.CreateHistogram<double>(
            "checkpointgrid.storage.commit.duration", "s", "Time from CommitAsync to the batch's durable commit, queueing included.");
        _stored = meter.CreateCounter<long>("checkpointgrid.storage.events.stored", "{event}", "Events stored for the first time.");
        _duplicates = meter.CreateCounter<long>(
            "checkpointgrid.storage.events.duplicate", "{event}", "Events whose id was already stored at their checkpoint (or repeated in their batch); their batch was refused.");
        _conflicts = meter.CreateCounter<long>(
            "checkpointgrid.storage.batches.conflict", "{batch}", "Batches refused because their checkpoint's version was not the one they expected.");
        _failedTransactions = meter.CreateCounter<long>("checkpointgrid.storage.transactions.failed", "{transaction}", "Transactions rolled back; their batches failed.");
        _walCheckpointDuration = meter.CreateHistogram<double>(
            "checkpointgrid.storage.wal_checkpoint.duration", "s", "Time to copy the write-ahead log into the database, off the writer's thread.");
        _walPagesCopied = meter.CreateCounter<long>("checkpointgrid.storage.wal_checkpoint.pages", "{page}", "Write-ahead log pages copied into the database.");
    }

    public void TransactionCommitted(int batches, int events, int stored, int duplicates, int conflicts, TimeSpan elapsed)
    {
        _transactionBatches.Record(batches, _store);
        _transactionEvents.Record(events, _store);
        _transactionDuration.Record(elapsed.TotalSeconds, _store);
        _stored.Add(stored, _store);
        _duplicates.Add(duplicates, _store);
        _conflicts.Add(conflicts, _store);
    }

    public void TransactionFailed() => _failedTransactions.Add(1, _store);

    public void WalCheckpointed(int pagesCopied, TimeSpan elapsed)
    {
        _walCheckpointDuration.Record(elapsed.TotalSeconds, _store);
        _walPagesCopied.Add(pagesCopied, _store);
    }

    public void BatchCommitted(TimeSpan sinceEnqueued) => _commitDuration.Record(sinceEnqueued.TotalSeconds, _store);
}

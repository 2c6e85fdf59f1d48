using System.Threading.Channels;

namespace CheckpointGrid.Storage.GroupCommit;

/// <summary>
/// The bounded queue between a store's callers and its one writer (group commit): <see cref="EnqueueAsync"/> validates
/// the batch, encodes its tallies on the caller's thread and waits for room while the queue is full (back-pressure);
/// the writer reads <see cref="Reader"/> and completes each batch once its transaction has committed.
/// </summary>
internal sealed class CommitQueue
{
    private readonly Channel<PendingCommit> _channel;
    private readonly TimeProvider _timeProvider;
    private readonly string _storeName;

    /// <param name="capacity">How many batches may wait before <see cref="EnqueueAsync"/> waits for room.</param>
    /// <param name="timeProvider">Stamps each batch's queueing, for the commit latency.</param>
    /// <param name="storeName">The store's name in the messages of a closed queue ("SQLite", "PostgreSQL").</param>
    public CommitQueue(int capacity, TimeProvider timeProvider, string storeName)
    {
        _timeProvider = timeProvider;
        _storeName = storeName;
        _channel = Channel.CreateBounded<PendingCommit>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>What the writer takes batches from.</summary>
    public ChannelReader<PendingCommit> Reader => _channel.Reader;

    /// <summary>
    /// Queues <paramref name="batch"/> and returns its outcome once committed. Throws <see cref="ArgumentException"/>
    /// (<see cref="CrossingBatchRules"/>) before queueing a batch no store can hold. Cancelling gives up waiting; the
    /// batch may still be committed (it is skipped if the writer has not reached it yet), so a cancelled commit is of
    /// unknown outcome and is resent like a failed one.
    /// </summary>
    public Task<CommitResult> EnqueueAsync(CrossingBatch batch, CancellationToken cancellationToken)
    {
        CrossingBatchRules.Validate(batch);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<CommitResult>(cancellationToken);
        }

        var rows = batch.Counts.Rows;
        var tallies = new byte[rows.Count][];
        for (var i = 0; i < tallies.Length; i++)
        {
            tallies[i] = TallyBlob.Encode(rows[i].Tally);
        }
        var pending = new PendingCommit(batch, tallies, _timeProvider.GetTimestamp(), cancellationToken);
        return _channel.Writer.TryWrite(pending) ? Completion(pending, cancellationToken) : EnqueueWhenRoomAsync(pending, cancellationToken);
    }

    /// <summary>Refuses batches from now on; the writer still takes those already queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Refuses batches from now on because the writer stopped on <paramref name="fault"/>.</summary>
    public void Fault(Exception fault) => _channel.Writer.TryComplete(fault);

    private static Task<CommitResult> Completion(PendingCommit pending, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? pending.Task.WaitAsync(cancellationToken) : pending.Task;

    private async Task<CommitResult> EnqueueWhenRoomAsync(PendingCommit pending, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException closed)
        {
            throw Closed(closed);
        }
        return await Completion(pending, cancellationToken).ConfigureAwait(false);
    }

    private Exception Closed(ChannelClosedException closed) =>
        closed.InnerException is { } writerFault
            ? new InvalidOperationException($"The {_storeName} store's writer stopped on an error; nothing more can be committed.", writerFault)
            : new ObjectDisposedException($"{_storeName} store", $"The {_storeName} store is closed or closing; the batch was not committed.");
}

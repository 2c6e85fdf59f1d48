namespace CheckpointGrid.Cli.Agent;

/// <summary>An agent's running counts, updated from the recorder, the writer and the ack reader.</summary>
internal sealed class AgentCounters
{
    private long _recorded;
    private long _sent;
    private long _acknowledged;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _connects;
    private int _connected;
    private string? _lastError;
    private long _retryAtTicks;

    public long Recorded => Interlocked.Read(ref _recorded);

    public long Sent => Interlocked.Read(ref _sent);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Connects => Interlocked.Read(ref _connects);

    public bool Connected => Volatile.Read(ref _connected) != 0;

    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>When the agent reconnects, while it waits out a backoff.</summary>
    public DateTimeOffset? RetryAt => Interlocked.Read(ref _retryAtTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void SetRetryAt(DateTimeOffset? at) => Interlocked.Exchange(ref _retryAtTicks, at?.UtcTicks ?? 0);

    public void AddRecorded(int count) => Interlocked.Add(ref _recorded, count);

    public void AddSent(int count) => Interlocked.Add(ref _sent, count);

    public void AddAck(ulong newlyAcknowledged, uint accepted, uint duplicates, int rejected)
    {
        Interlocked.Add(ref _acknowledged, (long)newlyAcknowledged);
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _rejected, rejected);
    }

    public void AddAcknowledged(ulong count) => Interlocked.Add(ref _acknowledged, (long)count);

    public void OnConnected()
    {
        Interlocked.Increment(ref _connects);
        Volatile.Write(ref _connected, 1);
        Volatile.Write(ref _lastError, null);
    }

    public void OnDisconnected(string? error)
    {
        Volatile.Write(ref _connected, 0);
        if (error is not null)
        {
            Volatile.Write(ref _lastError, error);
        }
    }
}

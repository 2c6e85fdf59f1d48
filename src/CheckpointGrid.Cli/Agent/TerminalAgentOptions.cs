namespace CheckpointGrid.Cli.Agent;

/// <summary>Settings of a <see cref="TerminalAgent"/>.</summary>
public sealed class TerminalAgentOptions
{
    /// <summary>Most events in one batch; the server's max_batch_events caps it further. Default 500.</summary>
    public int MaxBatchEvents { get; set; } = 500;

    /// <summary>Most bytes of events in one batch (the server refuses messages over 4 MiB). Default 1 MiB.</summary>
    public int MaxBatchBytes { get; set; } = 1 << 20;

    /// <summary>Batches sent and not yet acknowledged, at most. Default 4.</summary>
    public int MaxBatchesInFlight { get; set; } = 4;

    /// <summary>First wait before reconnecting; doubles per failed attempt. Default 250 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait before reconnecting, and the wait after errors a retry soon will not cure. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server may take to answer open. Default 15 s.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long batches may wait for an ack before the stream is taken for dead. Default 60 s.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed of the backoff jitter; null for a random one. Tests fix it.</summary>
    public int? JitterSeed { get; set; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchEvents, 1, nameof(MaxBatchEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, 1024, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchesInFlight, 1, nameof(MaxBatchesInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OpenTimeout, TimeSpan.Zero, nameof(OpenTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AckTimeout, TimeSpan.Zero, nameof(AckTimeout));
    }
}

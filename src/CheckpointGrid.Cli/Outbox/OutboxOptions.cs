namespace CheckpointGrid.Cli.Outbox;

/// <summary>Settings of an <see cref="EventOutbox"/>.</summary>
public sealed class OutboxOptions
{
    /// <summary>
    /// Whether each commit waits for the disk (SQLite synchronous=FULL). On by default: an event the
    /// agent said it recorded then survives a power cut, not only a crash of the process.
    /// </summary>
    public bool SyncEveryCommit { get; set; } = true;

    /// <summary>
    /// Acknowledged events kept after their ack (the oldest are pruned), so that a server that
    /// lost them (restored from a backup) can be sent them again. Default 10,000.
    /// </summary>
    public long RetainAcknowledged { get; set; } = 10_000;

    public void Validate() =>
        ArgumentOutOfRangeException.ThrowIfNegative(RetainAcknowledged, nameof(RetainAcknowledged));
}

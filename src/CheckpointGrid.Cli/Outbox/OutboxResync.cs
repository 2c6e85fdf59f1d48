namespace CheckpointGrid.Cli.Outbox;

/// <summary>What <see cref="EventOutbox.Resync"/> did to follow the server's next_sequence.</summary>
/// <param name="Kind">How the two compared.</param>
/// <param name="NextSequence">The sequence the server expects, and the outbox sends next.</param>
/// <param name="PreviousAcknowledgedThrough">The outbox's acknowledged watermark before.</param>
/// <param name="PreviousLastSequence">The outbox's last sequence before.</param>
/// <param name="Renumbered">Events whose sequence changed.</param>
/// <param name="Lost">Events the server lost after acknowledging them and the outbox no longer holds.</param>
public readonly record struct OutboxResync(
    OutboxResyncKind Kind,
    ulong NextSequence,
    ulong PreviousAcknowledgedThrough,
    ulong PreviousLastSequence,
    long Renumbered,
    long Lost)
{
    /// <summary>Events the outbox had not seen acknowledged and that the server says it already has (their ack was lost).</summary>
    public ulong AckedByOpen =>
        Kind == OutboxResyncKind.InStep && NextSequence - 1 > PreviousAcknowledgedThrough ? NextSequence - 1 - PreviousAcknowledgedThrough : 0;
}

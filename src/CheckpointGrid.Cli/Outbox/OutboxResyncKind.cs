namespace CheckpointGrid.Cli.Outbox;

/// <summary>How the server's next_sequence compared with the outbox when a stream opened.</summary>
public enum OutboxResyncKind
{
    /// <summary>The server expects the outbox's next unacknowledged event (or one after events whose ack was lost).</summary>
    InStep,

    /// <summary>A new outbox met a server that knows this terminal: its events were renumbered to follow the server's (the contract's "terminal that lost its local state").</summary>
    Adopted,

    /// <summary>An outbox that had been in step met a server that expects more than the outbox ever numbered: its unacknowledged events were renumbered after the server's (a restored outbox, or two devices sharing a terminal id).</summary>
    ServerAhead,

    /// <summary>The server expects events it had acknowledged before; the outbox still holds them and sends them again.</summary>
    ServerBehindResent,

    /// <summary>The server expects events it had acknowledged and the outbox has pruned: what the outbox holds was renumbered down to the server's next sequence, and the pruned events are lost to the server.</summary>
    ServerBehindLost,
}

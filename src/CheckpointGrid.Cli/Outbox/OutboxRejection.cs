namespace CheckpointGrid.Cli.Outbox;

/// <summary>An event the server rejected, as the outbox keeps it for operators.</summary>
/// <param name="Sequence">The event's sequence when it was rejected.</param>
/// <param name="EventId">The event's event_id, as sent.</param>
/// <param name="Field">The CrossingEvent field at fault, by proto name.</param>
/// <param name="Reason">What is wrong, as the server put it.</param>
/// <param name="RejectedAt">When the rejection reached the agent.</param>
public sealed record OutboxRejection(ulong Sequence, string EventId, string Field, string Reason, DateTimeOffset RejectedAt);

using CheckpointGrid.Core;

namespace CheckpointGrid.Cli.Agent;

/// <summary>A snapshot of one agent's progress; counts are since the agent was made, watermarks are the outbox's.</summary>
/// <param name="Checkpoint">The checkpoint.</param>
/// <param name="Terminal">The terminal.</param>
/// <param name="Recorded">Events written to the outbox.</param>
/// <param name="Sent">Events sent, resends included.</param>
/// <param name="Acknowledged">Events the server settled (counted, duplicate or rejected).</param>
/// <param name="Accepted">Events the server newly counted.</param>
/// <param name="Duplicates">Events the server had already.</param>
/// <param name="Rejected">Events the server rejected (kept in the outbox with the reason).</param>
/// <param name="LastSequence">Highest sequence the outbox assigned.</param>
/// <param name="AcknowledgedThrough">Every event through this sequence is settled.</param>
/// <param name="Connected">Whether a stream is open (answered open).</param>
/// <param name="Connects">Streams opened.</param>
/// <param name="LastError">Why the last stream ended, if it failed.</param>
/// <param name="RetryAt">When the agent reconnects, while it waits out a backoff.</param>
public sealed record AgentStatus(
    CheckpointId Checkpoint,
    TerminalId Terminal,
    long Recorded,
    long Sent,
    long Acknowledged,
    long Accepted,
    long Duplicates,
    long Rejected,
    ulong LastSequence,
    ulong AcknowledgedThrough,
    bool Connected,
    long Connects,
    string? LastError,
    DateTimeOffset? RetryAt)
{
    /// <summary>Events in the outbox not yet acknowledged.</summary>
    public long Backlog => (long)(LastSequence - AcknowledgedThrough);
}

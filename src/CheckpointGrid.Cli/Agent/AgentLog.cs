using CheckpointGrid.Core;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Agent;

/// <summary>What the terminal agent logs.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(1, LogLevel.Information, "{Terminal}@{Checkpoint}: connected; server expects sequence {NextSequence}, takes {MaxBatchEvents} events a batch; backlog {Backlog}")]
    public static partial void Connected(ILogger logger, TerminalId terminal, CheckpointId checkpoint, ulong nextSequence, uint maxBatchEvents, long backlog);

    [LoggerMessage(2, LogLevel.Information, "{Terminal}@{Checkpoint}: {Count} events were already durable on the server (their ack was lost); resuming at {NextSequence}")]
    public static partial void AckLost(ILogger logger, TerminalId terminal, CheckpointId checkpoint, ulong count, ulong nextSequence);

    [LoggerMessage(3, LogLevel.Warning, "{Terminal}@{Checkpoint}: new outbox, but the server already has this terminal through {Through}: {Renumbered} recorded events renumbered to follow it")]
    public static partial void Adopted(ILogger logger, TerminalId terminal, CheckpointId checkpoint, ulong through, long renumbered);

    [LoggerMessage(4, LogLevel.Error, "{Terminal}@{Checkpoint}: the server expects sequence {NextSequence} but this outbox numbered only through {Last}; is another device using terminal id {Terminal}, or was the outbox restored? {Renumbered} unacknowledged events renumbered after the server's (safe: it deduplicates by event_id)")]
    public static partial void ServerAhead(ILogger logger, TerminalId terminal, CheckpointId checkpoint, ulong nextSequence, ulong last, long renumbered);

    [LoggerMessage(5, LogLevel.Warning, "{Terminal}@{Checkpoint}: the server expects sequence {NextSequence} although it had acknowledged through {Acked}; sending the acknowledged events again from the outbox")]
    public static partial void ServerBehindResent(ILogger logger, TerminalId terminal, CheckpointId checkpoint, ulong nextSequence, ulong acked);

    [LoggerMessage(6, LogLevel.Error, "{Terminal}@{Checkpoint}: the server expects sequence {NextSequence} although it had acknowledged through {Acked}; {Lost} of those events are no longer in the outbox and are lost to the server; the rest were renumbered from {NextSequence}")]
    public static partial void ServerBehindLost(ILogger logger, TerminalId terminal, CheckpointId checkpoint, ulong nextSequence, ulong acked, long lost);

    [LoggerMessage(7, LogLevel.Warning, "{Terminal}@{Checkpoint}: the server rejected {Count} events (kept in the outbox); first: sequence {Sequence} ({EventId}), field {Field}: {Reason}")]
    public static partial void Rejected(ILogger logger, TerminalId terminal, CheckpointId checkpoint, int count, ulong sequence, string eventId, string field, string reason);

    [LoggerMessage(8, LogLevel.Error, "{Terminal}@{Checkpoint}: the outbox and the server disagree on sequences ({Detail}); reconnecting to resume from the server's next_sequence in {DelaySeconds:0.##} s")]
    public static partial void SequenceGap(ILogger logger, TerminalId terminal, CheckpointId checkpoint, string detail, double delaySeconds);

    [LoggerMessage(9, LogLevel.Error, "{Terminal}@{Checkpoint}: the server refused the stream: {Status}; retrying in {DelaySeconds:0.##} s (events stay in the outbox)")]
    public static partial void Refused(ILogger logger, TerminalId terminal, CheckpointId checkpoint, string status, double delaySeconds);

    [LoggerMessage(10, LogLevel.Warning, "{Terminal}@{Checkpoint}: disconnected: {Reason}; reconnecting in {DelaySeconds:0.##} s (backlog {Backlog})")]
    public static partial void Disconnected(ILogger logger, TerminalId terminal, CheckpointId checkpoint, string reason, double delaySeconds, long backlog);

    [LoggerMessage(11, LogLevel.Error, "{Terminal}@{Checkpoint}: stream failed; reconnecting in {DelaySeconds:0.##} s")]
    public static partial void Failed(ILogger logger, Exception exception, TerminalId terminal, CheckpointId checkpoint, double delaySeconds);

    [LoggerMessage(12, LogLevel.Information, "{Terminal}@{Checkpoint}: stream closed; {Backlog} events left in the outbox")]
    public static partial void Closed(ILogger logger, TerminalId terminal, CheckpointId checkpoint, long backlog);

    [LoggerMessage(13, LogLevel.Warning, "{Terminal}@{Checkpoint}: server {Failed} failed; moving to server {Next}")]
    public static partial void MovingServer(ILogger logger, TerminalId terminal, CheckpointId checkpoint, string failed, string next);
}

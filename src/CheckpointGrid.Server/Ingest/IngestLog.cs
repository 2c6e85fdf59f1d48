namespace CheckpointGrid.Server.Ingest;

/// <summary>Ingestion's log messages; Debug, so a default run logs nothing per stream.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(1, LogLevel.Debug, "Ingest stream opened: terminal {Terminal} at {Checkpoint}, next sequence {NextSequence}")]
    public static partial void StreamOpened(ILogger logger, string checkpoint, string terminal, ulong nextSequence);

    [LoggerMessage(2, LogLevel.Debug, "Ingest stream closed: terminal {Terminal} at {Checkpoint}, durable through {DurableThrough}")]
    public static partial void StreamClosed(ILogger logger, string checkpoint, string terminal, ulong durableThrough);
}

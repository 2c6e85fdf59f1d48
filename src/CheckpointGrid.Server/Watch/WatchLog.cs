namespace CheckpointGrid.Server.Watch;

/// <summary>The watch subsystem's log messages; Debug, so a default run logs nothing per watcher.</summary>
internal static partial class WatchLog
{
    [LoggerMessage(1, LogLevel.Debug, "A watcher of {Scopes} scopes fell behind (its last send took longer than {ResyncAfter}); sending it a fresh snapshot")]
    public static partial void Resyncing(ILogger logger, int scopes, TimeSpan resyncAfter);
}

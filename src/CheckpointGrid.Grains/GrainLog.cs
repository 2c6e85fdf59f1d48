using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Grains;

/// <summary>The grains' log messages.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(1, LogLevel.Warning, "Checkpoint {Checkpoint}: the store holds a newer version than {Version}; another activation wrote. Reloaded.")]
    public static partial void VersionConflict(ILogger logger, string checkpoint, ulong version);

    [LoggerMessage(2, LogLevel.Warning, "Checkpoint {Checkpoint}: region {Region} unreachable; it catches up on its next change")]
    public static partial void RegionUnreachable(ILogger logger, string checkpoint, string region, Exception error);

    [LoggerMessage(3, LogLevel.Information, "{Scope}: rebuilt from its children ({Reason})")]
    public static partial void Rebuilt(ILogger logger, string scope, string reason);
}

using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Grains.Diagnostics;

/// <summary>The grain runtime's log messages.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(1, LogLevel.Debug, "Activated grain {GrainId}.")]
    public static partial void Activated(ILogger logger, GrainId grainId);

    [LoggerMessage(2, LogLevel.Warning, "Activation of grain {GrainId} failed; the calls waiting for it fail with its error.")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "Deactivated grain {GrainId} ({Reason}).")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(4, LogLevel.Warning, "OnDeactivateAsync of grain {GrainId} failed; it is deactivated all the same.")]
    public static partial void DeactivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(5, LogLevel.Debug, "A call to grain {GrainId} failed; the caller has the error.")]
    public static partial void CallFaulted(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "A timer tick of grain {GrainId} failed.")]
    public static partial void TimerFaulted(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(7, LogLevel.Debug, "Collector asked {Count} idle grains to deactivate.")]
    public static partial void Collected(ILogger logger, int count);

    [LoggerMessage(8, LogLevel.Information, "Grain runtime stopping: deactivating {Count} grains.")]
    public static partial void Stopping(ILogger logger, int count);
}

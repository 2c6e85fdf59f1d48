using Microsoft.Extensions.Logging;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Rpc.Health;

/// <summary>The health service's log messages.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(1, LogLevel.Information, "Server health is now {Status}.")]
    public static partial void ServerStatusChanged(ILogger logger, ServingStatus status);

    [LoggerMessage(2, LogLevel.Information, "Health of service '{Service}' is now {Status}.")]
    public static partial void ServiceStatusChanged(ILogger logger, string service, ServingStatus status);

    [LoggerMessage(3, LogLevel.Information, "Health of the server and of every service is now {Status}.")]
    public static partial void AllStatusesChanged(ILogger logger, ServingStatus status);
}

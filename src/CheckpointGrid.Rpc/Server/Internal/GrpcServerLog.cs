using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>The gRPC server's log messages.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Error when executing service method '{Method}'.")]
    public static partial void HandlerFault(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Call to '{Method}' was cancelled.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(3, LogLevel.Debug, "Call to '{Method}' exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Debug, "Ignoring invalid grpc-timeout value '{Value}'.")]
    public static partial void InvalidTimeout(ILogger logger, string value);

    [LoggerMessage(5, LogLevel.Information, "Request to '{Path}' refused with HTTP {HttpStatus}: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string path, int httpStatus, string reason);

    [LoggerMessage(6, LogLevel.Information, "Unimplemented gRPC method '{Path}'.")]
    public static partial void Unimplemented(ILogger logger, string path);
}

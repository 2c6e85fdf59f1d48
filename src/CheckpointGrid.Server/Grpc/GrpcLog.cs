namespace CheckpointGrid.Server.Grpc;

/// <summary>The gRPC layer's log messages.</summary>
internal static partial class GrpcLog
{
    [LoggerMessage(1, LogLevel.Error, "Call {Method} failed")]
    public static partial void Unexpected(ILogger logger, string method, Exception error);
}

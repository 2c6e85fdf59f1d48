using System.Net;

namespace CheckpointGrid.Rpc.Client.Internal;

/// <summary>The status a client call ends with when HTTP, not gRPC, ended it.</summary>
internal static class CallFailures
{
    public static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    public static readonly Status Cancelled = new(StatusCode.Cancelled, "Call canceled by the client.");

    /// <summary>The gRPC spec's mapping for responses that carry no grpc-status.</summary>
    public static Status FromHttpStatus(HttpStatusCode code)
    {
        var status = code switch
        {
            HttpStatusCode.BadRequest => StatusCode.Internal,
            HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
            HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
            HttpStatusCode.NotFound => StatusCode.Unimplemented,
            HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
            _ => StatusCode.Unknown,
        };
        return new Status(status, $"Bad gRPC response. HTTP status code: {(int)code}.");
    }

    public static Status FromException(Exception exception, bool deadlineExceeded, bool cancelled) => exception switch
    {
        RpcException rpc => rpc.Status,
        _ when deadlineExceeded => DeadlineExceeded,
        _ when cancelled => Cancelled,
        HttpProtocolException { ErrorCode: 0x8 } => new(StatusCode.Cancelled, "The server cancelled the call (RST_STREAM CANCEL)."),
        HttpProtocolException { ErrorCode: 0x7 } => new(StatusCode.Unavailable, "The server refused the stream (REFUSED_STREAM)."),
        HttpProtocolException { ErrorCode: 0xb } => new(StatusCode.ResourceExhausted, "The server asked to slow down (ENHANCE_YOUR_CALM)."),
        HttpProtocolException { ErrorCode: 0xc } => new(StatusCode.PermissionDenied, "The connection is not secure enough (INADEQUATE_SECURITY)."),
        HttpProtocolException p => new(StatusCode.Internal, $"HTTP/2 error {p.ErrorCode}: {p.Message}"),
        HttpRequestException or IOException => new(StatusCode.Unavailable, $"Error talking to the server: {exception.Message}"),
        OperationCanceledException => Cancelled,
        _ => new(StatusCode.Internal, $"Error in the client: {exception.Message}"),
    };
}

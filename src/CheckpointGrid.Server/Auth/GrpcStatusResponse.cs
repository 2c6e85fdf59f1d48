using System.Text;
using Grpc.Core;

namespace CheckpointGrid.Server.Auth;

/// <summary>
/// Answers a gRPC request before it reaches its service, as a trailers-only response: HTTP 200 with grpc-status and
/// grpc-message in the headers. Every gRPC client (grpc-dotnet, grpcio, grpc-js, grpcurl) reads the status and its
/// message from that; a bare HTTP 401 reaches them only as a transport error.
/// </summary>
internal static class GrpcStatusResponse
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpResponse response, StatusCode code, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
        return response.CompleteAsync();
    }

    /// <summary>grpc-message's encoding (the gRPC HTTP/2 protocol): UTF-8, with '%' and bytes outside printable ASCII as %XX.</summary>
    private static string PercentEncode(string message)
    {
        var encoded = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return encoded.ToString();
    }
}

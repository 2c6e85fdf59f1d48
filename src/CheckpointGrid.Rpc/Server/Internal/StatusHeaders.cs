using System.Globalization;
using CheckpointGrid.Rpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>Writes grpc-status, grpc-message and custom trailers, into trailers or (trailers-only) headers.</summary>
internal static class StatusHeaders
{
    private static readonly string[] StatusCodeText = Enumerable.Range(0, 17)
        .Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    public static void Write(IHeaderDictionary headers, Status status, Metadata trailers)
    {
        headers[GrpcProtocol.StatusTrailer] = CodeText(status.StatusCode);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            headers[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode(status.Detail);
        }
        foreach (var entry in trailers)
        {
            headers.Append(entry.Key, MetadataHeaders.ToHeaderValue(entry));
        }
    }

    public static void WriteTrailers(HttpResponse response, Status status, Metadata trailers)
    {
        response.AppendTrailer(GrpcProtocol.StatusTrailer, CodeText(status.StatusCode));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer(GrpcProtocol.MessageTrailer, PercentEncoding.Encode(status.Detail));
        }
        foreach (var entry in trailers)
        {
            response.AppendTrailer(entry.Key, MetadataHeaders.ToHeaderValue(entry));
        }
    }

    /// <summary>An HTTP-level refusal (415, 426, 405) that still tells gRPC clients why.</summary>
    public static void WriteHttpError(HttpResponse response, int httpStatus, string message)
    {
        response.StatusCode = httpStatus;
        response.ContentType = GrpcProtocol.ContentType;
        Write(response.Headers, new Status(StatusCode.Internal, message), []);
    }

    private static string CodeText(StatusCode code) =>
        (uint)code < StatusCodeText.Length ? StatusCodeText[(int)code] : ((int)code).ToString(CultureInfo.InvariantCulture);
}

using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using CheckpointGrid.Server.Auth;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Grpc;

/// <summary>
/// Answers a unary or server-streaming call whose one request message is not valid protobuf with INVALID_ARGUMENT naming
/// the message type and the fault (one declared over the size limit with RESOURCE_EXHAUSTED). grpc-dotnet parses such a request before any interceptor runs and answers a parse
/// failure with UNKNOWN ("Exception was thrown by handler"), logged as a server error each time — unclear to the caller,
/// and a way to flood the log. (Streamed requests, Ingest's, are parsed inside the handler, where
/// <see cref="StatusMappingInterceptor"/> maps the same failure.) Compressed messages (gzip, deflate) are inflated first;
/// other framing faults (a frame cut short, data after it, an unsupported encoding) are left to grpc-dotnet, which
/// names them itself.
/// </summary>
internal sealed class RequestMessageCheck
{
    private const int FrameHeaderLength = 5;
    private readonly RequestDelegate _next;
    private readonly Dictionary<string, MessageDescriptor> _requestTypes;
    private readonly int _maxMessageSize;

    public RequestMessageCheck(RequestDelegate next, IOptions<GrpcLimitsOptions> limits)
    {
        _next = next;
        _maxMessageSize = limits.Value.MaxReceiveMessageSize;
        // The generated descriptors (reflection's are rebuilt from the descriptor set, without parsers).
        ServiceDescriptor[] services =
        [
            Contracts.V1.CatalogService.Descriptor,
            Contracts.V1.QueryService.Descriptor,
            Contracts.V1.IngestService.Descriptor,
            Contracts.V1.WatchService.Descriptor,
            Contracts.V1.AdminService.Descriptor,
            global::Grpc.Health.V1.Health.Descriptor,
        ];
        _requestTypes = services
            .SelectMany(service => service.Methods.Select(method => ($"/{service.FullName}/{method.Name}", method.InputType)))
            .ToDictionary(static m => m.Item1, static m => m.InputType, StringComparer.Ordinal);
    }

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { Method.Type: MethodType.Unary or MethodType.ServerStreaming } grpc
            || !_requestTypes.TryGetValue(grpc.Method.FullName, out var requestType))
        {
            await _next(http);
            return;
        }

        if (await ReadBodyAsync(http.Request, http.RequestAborted) is not { } body)
        {
            await GrpcStatusResponse.WriteAsync(http.Response, StatusCode.ResourceExhausted,
                $"The request message is larger than the server's limit of {_maxMessageSize} bytes (Grpc:MaxReceiveMessageSize).");
            return;
        }
        http.Request.Body = new MemoryStream(body, writable: false);
        if (body.Length >= FrameHeaderLength && Problem(body, http.Request.Headers["grpc-encoding"].ToString(), requestType) is { } problem)
        {
            await GrpcStatusResponse.WriteAsync(http.Response, problem.StatusCode, problem.Detail);
            return;
        }
        await _next(http);
    }

    /// <summary>What is wrong with the first framed message in <paramref name="body"/>, or null when it parses or is not for this check.</summary>
    private Status? Problem(byte[] body, string encoding, MessageDescriptor requestType)
    {
        var compressed = body[0];
        if (compressed > 1)
        {
            return Invalid($"The request's gRPC frame starts with {compressed}, which is neither 0 (uncompressed) nor 1 (compressed).");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        if (length > (uint)_maxMessageSize)
        {
            return new Status(StatusCode.ResourceExhausted,
                $"The request message declares {length} bytes, over the server's limit of {_maxMessageSize} (Grpc:MaxReceiveMessageSize).");
        }
        // Cut short or followed by more: grpc-dotnet names those itself.
        if (length > (uint)(body.Length - FrameHeaderLength))
        {
            return null;
        }
        var message = new ReadOnlyMemory<byte>(body, FrameHeaderLength, (int)length);
        if (compressed == 1)
        {
            if (Decompressed(message, encoding) is not { } inflated)
            {
                return encoding is "gzip" or "deflate"
                    ? Invalid($"The request message is not valid {encoding} data (or inflates beyond {_maxMessageSize} bytes).")
                    : null; // no or an unsupported grpc-encoding: grpc-dotnet says so
            }
            message = inflated;
        }
        try
        {
            requestType.Parser.ParseFrom(message.Span);
            return null;
        }
        catch (IOException error)
        {
            // InvalidProtocolBufferException, and the IOException protobuf throws for a length beyond the input.
            return Invalid($"The request is not a valid {requestType.FullName}: {error.Message}");
        }
    }

    /// <summary>The message inflated by the gRPC encoding named, within the size limit; null when it cannot be.</summary>
    private byte[]? Decompressed(ReadOnlyMemory<byte> message, string encoding)
    {
        using var input = new MemoryStream(message.ToArray(), writable: false);
        using Stream? inflating = encoding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            _ => null,
        };
        if (inflating is null)
        {
            return null;
        }
        try
        {
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = inflating.Read(chunk)) > 0)
            {
                output.Write(chunk, 0, read);
                if (output.Length > _maxMessageSize)
                {
                    return null;
                }
            }
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static Status Invalid(string detail) => new(StatusCode.InvalidArgument, detail);

    /// <summary>The whole body, or null when it is longer than a frame of the largest message allowed.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = (long)_maxMessageSize + FrameHeaderLength;
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit)
                {
                    return null;
                }
            }
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}

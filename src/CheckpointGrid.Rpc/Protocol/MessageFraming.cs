using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;

namespace CheckpointGrid.Rpc.Protocol;

/// <summary>
/// Length-prefixed gRPC messages read from a <see cref="PipeReader"/> and written to a
/// <see cref="PipeWriter"/>: server and client frame messages the same way.
/// </summary>
internal static class MessageFraming
{
    private static readonly Status IncompleteMessage = new(StatusCode.Internal, "Incomplete message.");
    private static readonly Status MessageTooLarge = new(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size.");
    private static readonly Status SendTooLarge = new(StatusCode.ResourceExhausted, "Sending message exceeds the maximum configured message size.");
    private static readonly Status BadCompressedFlag = new(StatusCode.Internal, "Message frame has an invalid compressed flag; it must be 0 or 1.");
    private static readonly Status CompressedWithoutEncoding = new(StatusCode.Internal, "Message is compressed but no grpc-encoding was sent with it.");

    /// <summary>
    /// Reads the next message; null at a clean end of the stream. Limits are checked on the
    /// declared length before the payload is buffered, so an oversized message costs nothing.
    /// </summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(
        PipeReader reader, MessageParser<T> parser, int? maxMessageSize, string? encoding, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadFrame(buffer, maxMessageSize, out var payload, out var compressed))
            {
                try
                {
                    return compressed
                        ? ParseCompressed(payload, parser, maxMessageSize, encoding)
                        : Parse(parser, payload);
                }
                finally
                {
                    reader.AdvanceTo(payload.End);
                }
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (leftover > 0)
                {
                    throw new RpcException(IncompleteMessage);
                }
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                return null;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Writes one message frame; the caller flushes.</summary>
    public static void WriteMessage(PipeWriter writer, IMessage message, int? maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new RpcException(SendTooLarge);
        }
        var header = writer.GetSpan(GrpcProtocol.HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        writer.Advance(GrpcProtocol.HeaderSize);
        if (size > 0)
        {
            message.WriteTo(writer);
        }
    }

    /// <summary>Writes one message frame of an already serialized message; the caller flushes.</summary>
    public static void WriteEncodedMessage(PipeWriter writer, ReadOnlySpan<byte> message, int? maxMessageSize)
    {
        if (message.Length > maxMessageSize)
        {
            throw new RpcException(SendTooLarge);
        }
        var header = writer.GetSpan(GrpcProtocol.HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)message.Length);
        writer.Advance(GrpcProtocol.HeaderSize);
        writer.Write(message);
    }

    /// <summary>Writes one gzip-compressed message frame; the caller flushes and sends grpc-encoding: gzip.</summary>
    public static void WriteCompressedMessage(PipeWriter writer, IMessage message)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            message.WriteTo(gzip);
        }
        var header = writer.GetSpan(GrpcProtocol.HeaderSize);
        header[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)compressed.Length);
        writer.Advance(GrpcProtocol.HeaderSize);
        writer.Write(compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
    }

    private static bool TryReadFrame(
        ReadOnlySequence<byte> buffer, int? maxMessageSize, out ReadOnlySequence<byte> payload, out bool compressed)
    {
        payload = default;
        compressed = false;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(BadCompressedFlag),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)(maxMessageSize ?? int.MaxValue))
        {
            throw new RpcException(MessageTooLarge);
        }
        if (buffer.Length < GrpcProtocol.HeaderSize + length)
        {
            return false;
        }
        payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        return true;
    }

    private static T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new RpcException(StatusCode.Internal, $"Failed to deserialize a {typeof(T).Name} message: the bytes are not valid protobuf.");
        }
    }

    private static T ParseCompressed<T>(ReadOnlySequence<byte> payload, MessageParser<T> parser, int? maxMessageSize, string? encoding)
        where T : IMessage<T>
    {
        if (encoding is null || encoding == GrpcProtocol.Identity)
        {
            throw new RpcException(CompressedWithoutEncoding);
        }
        if (encoding != GrpcProtocol.Gzip)
        {
            throw new RpcException(StatusCode.Unimplemented,
                $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {GrpcProtocol.SupportedEncodings}");
        }
        var limit = maxMessageSize ?? int.MaxValue;
        using var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(payload.ToArray()), CompressionMode.Decompress);
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (output.Length + read > limit)
                    {
                        throw new RpcException(MessageTooLarge);
                    }
                    output.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
        catch (InvalidDataException)
        {
            throw new RpcException(StatusCode.Internal, "Failed to decompress a gzip message: the bytes are not valid gzip.");
        }
        return Parse(parser, new ReadOnlySequence<byte>(output.GetBuffer(), 0, (int)output.Length));
    }
}

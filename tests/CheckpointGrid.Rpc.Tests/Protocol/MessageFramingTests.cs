using System.IO.Pipelines;
using CheckpointGrid.Rpc.Protocol;
using Google.Protobuf;
using Grpc.Testing;

namespace CheckpointGrid.Rpc.Tests.Protocol;

public class MessageFramingTests
{
    private static readonly MessageParser<SimpleRequest> Parser = SimpleRequest.Parser;

    [Fact]
    public async Task Messages_split_across_reads_are_reassembled()
    {
        var first = new SimpleRequest { ResponseSize = 7, Payload = new Payload { Body = ByteString.CopyFrom(new byte[3000]) } };
        var second = new SimpleRequest { ResponseSize = 9 };
        var bytes = Frame(first).Concat(Frame(second)).ToArray();

        var pipe = new Pipe();
        var read = ReadAllAsync(pipe.Reader);
        foreach (var chunk in bytes.Chunk(7))
        {
            await pipe.Writer.WriteAsync(chunk);
        }
        await pipe.Writer.CompleteAsync();

        var messages = await read;
        Assert.Equal([first, second], messages);
    }

    [Fact]
    public async Task Stream_ending_inside_a_frame_is_an_incomplete_message()
    {
        var bytes = Frame(new SimpleRequest { ResponseSize = 5 });
        var reader = PipeReader.Create(new MemoryStream(bytes[..^1]));
        var error = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(reader));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("Incomplete", error.Status.Detail);
    }

    [Fact]
    public async Task Declared_length_over_the_limit_is_refused_before_the_payload_arrives()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0x10, 0, 1 }); // 1 MiB + 1, and nothing more
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await MessageFraming.ReadMessageAsync(pipe.Reader, Parser, 1024 * 1024, null, CancellationToken.None));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Gzip_message_is_decompressed_when_the_encoding_says_gzip()
    {
        var message = new SimpleRequest { ResponseSize = 11, Payload = new Payload { Body = ByteString.CopyFrom(new byte[50_000]) } };
        var pipe = new Pipe();
        MessageFraming.WriteCompressedMessage(pipe.Writer, message);
        await pipe.Writer.FlushAsync();
        var compressedLength = pipe.Reader.TryRead(out var peek) ? peek.Buffer.Length : 0;
        pipe.Reader.AdvanceTo(peek.Buffer.Start);
        await pipe.Writer.CompleteAsync();

        Assert.True(compressedLength < 1000, $"50 kB of zeros compressed to {compressedLength} bytes");
        Assert.Equal(message, await MessageFraming.ReadMessageAsync(pipe.Reader, Parser, null, "gzip", CancellationToken.None));
    }

    [Fact]
    public async Task Compressed_message_without_an_encoding_is_an_internal_error()
    {
        var pipe = new Pipe();
        MessageFraming.WriteCompressedMessage(pipe.Writer, new SimpleRequest());
        await pipe.Writer.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await MessageFraming.ReadMessageAsync(pipe.Reader, Parser, null, null, CancellationToken.None));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    private static byte[] Frame(IMessage message)
    {
        var pipe = new Pipe();
        MessageFraming.WriteMessage(pipe.Writer, message, null);
        pipe.Writer.Complete();
        using var stream = new MemoryStream();
        pipe.Reader.AsStream().CopyTo(stream);
        return stream.ToArray();
    }

    private static async Task<List<SimpleRequest>> ReadAllAsync(PipeReader reader)
    {
        var messages = new List<SimpleRequest>();
        while (await MessageFraming.ReadMessageAsync(reader, Parser, null, null, CancellationToken.None) is { } message)
        {
            messages.Add(message);
        }
        return messages;
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Grpc;

/// <summary>A request message that is not valid protobuf gets INVALID_ARGUMENT naming its type — never UNKNOWN — and costs nothing already accepted.</summary>
public sealed class MalformedRequestTests
{
    // Field 1 (a string) announcing 127 bytes, followed by 2: the input ends inside the field.
    private static readonly byte[] Truncated = [0x0A, 0x7F, 0x41, 0x42];

    [Fact]
    public async Task Unary_request_that_does_not_parse_is_INVALID_ARGUMENT_naming_the_message_type()
    {
        await using var server = await GridServer.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Raw(server, MethodType.Unary, "checkpointgrid.v1.CatalogService", "GetCheckpoint").ResponseAsync.WaitAsync(GridServer.Patience));

        StatusAssert.Is(StatusCode.InvalidArgument, error);
        Assert.Contains("not a valid checkpointgrid.v1.GetCheckpointRequest", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_request_that_does_not_parse_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();
        var method = new Method<byte[], byte[]>(MethodType.ServerStreaming, "checkpointgrid.v1.WatchService", "Watch", Bytes, Bytes);
        using var call = server.Channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, new CallOptions(), Truncated);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        StatusAssert.Is(StatusCode.InvalidArgument, error);
        Assert.Contains("not a valid checkpointgrid.v1.WatchRequest", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_message_that_does_not_parse_ends_the_stream_with_INVALID_ARGUMENT_and_keeps_what_was_acked()
    {
        await using var server = await GridServer.StartAsync();
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "checkpointgrid.v1.IngestService", "Ingest", Bytes, Bytes);
        using var call = server.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, new CallOptions());
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = "PA-DAR-SVC", TerminalId = "t-bad" } }.ToByteArray());
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        var batch = new EventBatch { Events = { Crossings.Sequenced("PA-DAR-SVC", "t-bad", first: 1, count: 2) } };
        await call.RequestStream.WriteAsync(new IngestRequest { Batch = batch }.ToByteArray());
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        await call.RequestStream.WriteAsync(Truncated);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        StatusAssert.Is(StatusCode.InvalidArgument, error);
        Assert.Contains("not a valid IngestRequest", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2UL, (await server.CheckpointCountsAsync("PA-DAR-SVC")).Totals.Arrival.People);
    }

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static (byte[] b) => b, static b => b);

    private static AsyncUnaryCall<byte[]> Raw(GridServer server, MethodType type, string service, string name) =>
        server.Channel.CreateCallInvoker().AsyncUnaryCall(new Method<byte[], byte[]>(type, service, name, Bytes, Bytes), null, new CallOptions(), Truncated);
}

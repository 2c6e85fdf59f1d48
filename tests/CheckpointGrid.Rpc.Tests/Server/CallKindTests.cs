using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Client;
using CheckpointGrid.Rpc.Server;
using CheckpointGrid.Rpc.Tests.Fixtures;
using Google.Protobuf;
using Grpc.Testing;

namespace CheckpointGrid.Rpc.Tests.Server;

/// <summary>The four call kinds, end to end through Kestrel and our client.</summary>
public class CallKindTests
{
    private static Task<LoopbackServer> StartAsync() =>
        LoopbackServer.StartAsync(s => s.AddGrpcService<TestServiceImpl>());

    [Fact]
    public async Task Unary_call_returns_the_requested_payload()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();

        var response = await channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest
        {
            ResponseSize = 314159,
            Payload = new Payload { Body = ByteString.CopyFrom(new byte[271828]) },
        });

        Assert.Equal(314159, response.Payload.Body.Length);
    }

    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order_then_ok()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        var sizes = new[] { 31415, 9, 2653, 58979 };
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(sizes.Select(s => new ResponseParameters { Size = s }));

        using var call = await channel.ServerStreamingAsync(TestServiceMethods.StreamingOutputCall, request);
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            received.Add(response.Payload.Body.Length);
        }

        Assert.Equal(sizes, received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Client_streaming_sees_every_request_before_it_answers()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.Start(TestServiceMethods.StreamingInputCall);
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[size]) } });
        }
        await call.RequestStream.CompleteAsync();

        Assert.Equal(74922, (await call.ResponseAsync).AggregatedPayloadSize);
    }

    [Fact]
    public async Task Duplex_call_answers_each_request_before_the_next_is_sent()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.Start(TestServiceMethods.FullDuplexCall);
        foreach (var size in new[] { 31415, 9, 2653 })
        {
            var request = new StreamingOutputCallRequest();
            request.ResponseParameters.Add(new ResponseParameters { Size = size });
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(size, call.ResponseStream.Current.Payload.Body.Length);
        }
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Text_and_binary_metadata_travel_in_headers_and_trailers()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        var binary = new byte[] { 0xab, 0x00, 0xff, 0x10 };
        var headers = new Metadata { { "x-grpc-test-echo-initial", "test_initial_metadata_value" }, { "x-grpc-test-echo-trailing-bin", binary } };

        using var call = channel.Start(TestServiceMethods.UnaryCall, new CallOptions(Headers: headers));
        await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 1 });
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;

        Assert.Equal("test_initial_metadata_value", (await call.ResponseHeadersAsync()).GetValue("x-grpc-test-echo-initial"));
        Assert.Equal(binary, call.GetTrailers().GetValueBytes("x-grpc-test-echo-trailing-bin"));
    }

    [Fact]
    public async Task Gzip_compressed_requests_are_decompressed()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.Start(TestServiceMethods.StreamingInputCall, new CallOptions(CompressRequest: true));
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[100_000]) } });
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[5]) } });
        await call.RequestStream.CompleteAsync();

        Assert.Equal(100_005, (await call.ResponseAsync).AggregatedPayloadSize);
    }
}

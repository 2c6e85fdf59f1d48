using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc;
using CheckpointGrid.Rpc.Client;
using Google.Protobuf;
using Grpc.Testing;

namespace CheckpointGrid.Interop.Tests;

/// <summary>The interop cases as grpc's interop-test-descriptions.md specifies them, on our own client.</summary>
internal sealed class OwnClientInteropCases(GrpcChannel channel)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public Task RunAsync(string name) => name switch
    {
        "empty_unary" => EmptyUnary(),
        "large_unary" => LargeUnary(),
        "client_streaming" => ClientStreaming(),
        "server_streaming" => ServerStreaming(),
        "ping_pong" => PingPong(),
        "empty_stream" => EmptyStream(),
        "status_code_and_message" => StatusCodeAndMessage(),
        "special_status_message" => SpecialStatusMessage(),
        "custom_metadata" => CustomMetadata(),
        "cancel_after_begin" => CancelAfterBegin(),
        "cancel_after_first_response" => CancelAfterFirstResponse(),
        "timeout_on_sleeping_server" => TimeoutOnSleepingServer(),
        "unimplemented_method" => ExpectUnimplemented(TestServiceMethods.UnimplementedCall),
        "unimplemented_service" => ExpectUnimplemented(TestServiceMethods.UnimplementedServiceCall),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an interop case."),
    };

    private async Task EmptyUnary() => Assert.Equal(new Empty(), await channel.UnaryAsync(TestServiceMethods.EmptyCall, new Empty()));

    private async Task LargeUnary()
    {
        var response = await channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest
        {
            ResponseSize = 314159,
            Payload = Payload(271828),
        });
        Assert.Equal(Payload(314159), response.Payload);
    }

    private async Task ClientStreaming()
    {
        using var call = channel.Start(TestServiceMethods.StreamingInputCall);
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Payload(size) });
        }
        await call.RequestStream.CompleteAsync();
        Assert.Equal(74922, (await call.ResponseAsync).AggregatedPayloadSize);
    }

    private async Task ServerStreaming()
    {
        int[] sizes = [31415, 9, 2653, 58979];
        using var call = await channel.ServerStreamingAsync(TestServiceMethods.StreamingOutputCall, OutputRequest(sizes));
        var received = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(Payload(response.Payload.Body.Length), response.Payload);
            received.Add(response.Payload.Body.Length);
        }
        Assert.Equal(sizes, received);
    }

    private async Task PingPong()
    {
        using var call = channel.Start(TestServiceMethods.FullDuplexCall);
        foreach (var (requestSize, responseSize) in new[] { (27182, 31415), (8, 9), (1828, 2653), (45904, 58979) })
        {
            var request = OutputRequest(responseSize);
            request.Payload = Payload(requestSize);
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(Payload(responseSize), call.ResponseStream.Current.Payload);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    private async Task EmptyStream()
    {
        using var call = channel.Start(TestServiceMethods.FullDuplexCall);
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private async Task StatusCodeAndMessage()
    {
        const string message = "test status message";
        var status = new EchoStatus { Code = 2, Message = message };
        var unary = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest { ResponseStatus = status }));
        Assert.Equal(new Status(StatusCode.Unknown, message), unary.Status);

        using var call = channel.Start(TestServiceMethods.FullDuplexCall);
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = status });
        await call.RequestStream.CompleteAsync();
        var duplex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(new Status(StatusCode.Unknown, message), duplex.Status);
    }

    private async Task SpecialStatusMessage()
    {
        const string message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnaryCall,
            new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = message } }));
        Assert.Equal(new Status(StatusCode.Unknown, message), error.Status);
    }

    private async Task CustomMetadata()
    {
        const string initialKey = "x-grpc-test-echo-initial";
        const string trailingKey = "x-grpc-test-echo-trailing-bin";
        byte[] trailing = [0xab, 0xab, 0xab];
        var headers = new Metadata { { initialKey, "test_initial_metadata_value" }, { trailingKey, trailing } };

        using (var unary = channel.Start(TestServiceMethods.UnaryCall, new CallOptions(Headers: headers)))
        {
            await unary.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 314159, Payload = Payload(271828) });
            await unary.RequestStream.CompleteAsync();
            Assert.Equal(Payload(314159), (await unary.ResponseAsync).Payload);
            Assert.Equal("test_initial_metadata_value", (await unary.ResponseHeadersAsync()).GetValue(initialKey));
            Assert.Equal(trailing, unary.GetTrailers().GetValueBytes(trailingKey));
        }

        using var duplex = channel.Start(TestServiceMethods.FullDuplexCall, new CallOptions(Headers: headers));
        var request = OutputRequest(314159);
        request.Payload = Payload(271828);
        await duplex.RequestStream.WriteAsync(request);
        await duplex.RequestStream.CompleteAsync();
        Assert.True(await duplex.ResponseStream.MoveNext());
        Assert.False(await duplex.ResponseStream.MoveNext());
        Assert.Equal("test_initial_metadata_value", (await duplex.ResponseHeadersAsync()).GetValue(initialKey));
        Assert.Equal(trailing, duplex.GetTrailers().GetValueBytes(trailingKey));
    }

    private async Task CancelAfterBegin()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = channel.Start(TestServiceMethods.StreamingInputCall, new CallOptions(CancellationToken: cancellation.Token));
        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private async Task CancelAfterFirstResponse()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = channel.Start(TestServiceMethods.FullDuplexCall, new CallOptions(CancellationToken: cancellation.Token));
        var request = OutputRequest(31415);
        request.Payload = Payload(27182);
        await call.RequestStream.WriteAsync(request);
        Assert.True(await call.ResponseStream.MoveNext());
        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    private async Task TimeoutOnSleepingServer()
    {
        using var call = channel.Start(TestServiceMethods.FullDuplexCall, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(1)));
        try
        {
            var request = OutputRequest(31415);
            request.Payload = Payload(27182);
            await call.RequestStream.WriteAsync(request);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            // The spec allows the write itself to fail once the deadline has passed.
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    private async Task ExpectUnimplemented(Method<Empty, Empty> method)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(method, new Empty()));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static Payload Payload(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };

    private static StreamingOutputCallRequest OutputRequest(params int[] sizes)
    {
        var request = new StreamingOutputCallRequest();
        foreach (var size in sizes)
        {
            request.ResponseParameters.Add(new ResponseParameters { Size = size });
        }
        return request;
    }
}

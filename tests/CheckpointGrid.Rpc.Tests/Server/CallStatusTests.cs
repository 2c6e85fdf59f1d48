using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Client;
using CheckpointGrid.Rpc.Server;
using CheckpointGrid.Rpc.Tests.Fixtures;
using Google.Protobuf;
using Grpc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Rpc.Tests.Server;

/// <summary>How calls end: statuses, faults, deadlines, cancellation and limits.</summary>
public class CallStatusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static Task<LoopbackServer> StartAsync(ScriptedTestService service, Action<GrpcServerOptions>? grpc = null) =>
        LoopbackServer.StartAsync(s => s.AddSingleton<IGrpcService>(service), configureGrpc: grpc);

    [Fact]
    public async Task Status_thrown_by_a_handler_reaches_the_client_with_its_message_and_trailers()
    {
        const string detail = "next expected sequence is 42 — «sequence gap»";
        var service = new ScriptedTestService
        {
            Unary = (_, _) => throw new RpcException(new Status(StatusCode.FailedPrecondition, detail), new Metadata { { "next-sequence", "42" } }),
        };
        await using var server = await StartAsync(service);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
        Assert.Equal("42", error.Trailers.GetValue("next-sequence"));
    }

    [Fact]
    public async Task Handler_fault_is_UNKNOWN_without_the_exception_text_and_is_logged()
    {
        var service = new ScriptedTestService { Unary = (_, _) => throw new InvalidOperationException("connection string Password=hunter2") };
        await using var server = await StartAsync(service);
        server.ExpectErrors();
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.DoesNotContain("hunter2", error.Status.Detail);
        Assert.Contains(server.Logs.Errors, e => e.Contains("hunter2") && e.Contains("/grpc.testing.TestService/UnaryCall"));
    }

    [Fact]
    public async Task Server_ends_a_call_past_its_deadline_and_cancels_the_handler()
    {
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new ScriptedTestService
        {
            ServerStreaming = async (_, _, context) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                finally
                {
                    handlerCancelled.TrySetResult();
                }
            },
        };
        await using var server = await StartAsync(service);
        using var http = server.CreateHttp2Client();

        // A raw request: only the server's clock can end it, so the status proves the server's deadline.
        using var request = LoopbackServer.GrpcRequest("/grpc.testing.TestService/StreamingOutputCall", [0, 0, 0, 0, 0]);
        request.Headers.TryAddWithoutValidation("grpc-timeout", "200m");
        using var response = await http.SendAsync(request).WaitAsync(Patience);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Patience);

        var status = response.TrailingHeaders.Contains("grpc-status") ? response.TrailingHeaders : response.Headers;
        Assert.Equal("4", status.GetValues("grpc-status").Single());
        await handlerCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Deadline_already_past_on_arrival_is_answered_DEADLINE_EXCEEDED()
    {
        await using var server = await StartAsync(new ScriptedTestService { Unary = (_, _) => Task.FromResult(new SimpleResponse()) });
        using var http = server.CreateHttp2Client();
        using var request = LoopbackServer.GrpcRequest("/grpc.testing.TestService/UnaryCall", [0, 0, 0, 0, 0]);
        request.Headers.TryAddWithoutValidation("grpc-timeout", "0n");

        using var response = await http.SendAsync(request).WaitAsync(Patience);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(Patience);

        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        var status = response.TrailingHeaders.Contains("grpc-status") ? response.TrailingHeaders : response.Headers;
        Assert.Equal("4", status.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Client_deadline_ends_the_call_as_DEADLINE_EXCEEDED()
    {
        var service = new ScriptedTestService { Duplex = (_, _, context) => Task.Delay(Timeout.Infinite, context.CancellationToken) };
        await using var server = await StartAsync(service);
        using var channel = server.CreateChannel();

        using var call = channel.Start(TestServiceMethods.FullDuplexCall, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(100)));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Patience));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Client_cancellation_resets_the_stream_and_cancels_the_handler()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new ScriptedTestService
        {
            Duplex = async (requests, responses, context) =>
            {
                context.CancellationToken.Register(() => handlerCancelled.TrySetResult());
                await responses.WriteAsync(new StreamingOutputCallResponse());
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            },
        };
        await using var server = await StartAsync(service);
        using var channel = server.CreateChannel();
        using var cancellation = new CancellationTokenSource();

        using var call = channel.Start(TestServiceMethods.FullDuplexCall, new CallOptions(CancellationToken: cancellation.Token));
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Patience));
        await started.Task.WaitAsync(Patience);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await handlerCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Client_resets_while_the_handler_reads_are_cancellations_not_handler_faults()
    {
        // Kestrel fails the body read on a reset before it signals RequestAborted; the server must
        // still see a cancellation (the fixture fails the test on any error log).
        var service = new ScriptedTestService
        {
            Duplex = async (requests, responses, context) =>
            {
                while (await requests.MoveNext())
                {
                    await responses.WriteAsync(new StreamingOutputCallResponse());
                }
            },
        };
        await using var server = await StartAsync(service);
        using var channel = server.CreateChannel();

        await Parallel.ForAsync(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, token) =>
        {
            using var cancellation = new CancellationTokenSource();
            using var call = channel.Start(TestServiceMethods.FullDuplexCall, new CallOptions(CancellationToken: cancellation.Token));
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest(), token);
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Patience));
        });
    }

    [Fact]
    public async Task Status_of_a_stream_the_server_ended_reaches_the_reader_even_after_a_write_fails()
    {
        var service = new ScriptedTestService
        {
            Duplex = async (requests, responses, context) =>
            {
                await requests.MoveNext();
                await responses.WriteAsync(new StreamingOutputCallResponse());
                throw new RpcException(StatusCode.FailedPrecondition, "Sequence gap: expected sequence 7.");
            },
        };
        await using var server = await StartAsync(service);
        using var channel = server.CreateChannel();
        using var call = channel.Start(TestServiceMethods.FullDuplexCall);
        var big = new StreamingOutputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[64 * 1024]) } };

        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest());
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Patience));
        // Keep writing, as a terminal with batches in flight does, until the closed request stream refuses.
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await call.RequestStream.WriteAsync(big).WaitAsync(Patience);
            }
            catch (RpcException)
            {
                break;
            }
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("expected sequence 7", error.Status.Detail);
    }

    [Fact]
    public async Task Host_stopping_cancels_open_streams_instead_of_waiting_for_them()
    {
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new ScriptedTestService
        {
            Duplex = async (_, responses, context) =>
            {
                context.CancellationToken.Register(() => handlerCancelled.TrySetResult());
                await responses.WriteAsync(new StreamingOutputCallResponse());
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            },
        };
        await using var server = await StartAsync(service);
        using var channel = server.CreateChannel();
        using var call = channel.Start(TestServiceMethods.FullDuplexCall);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Patience));

        // The host's shutdown timeout is 30 s: a stream that held it up would exceed this bound.
        await server.StopAsync().WaitAsync(Patience);

        await handlerCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Request_over_the_default_4_MiB_limit_is_RESOURCE_EXHAUSTED()
    {
        var service = new ScriptedTestService { Unary = (request, _) => Task.FromResult(new SimpleResponse()) };
        await using var server = await StartAsync(service);
        using var channel = server.CreateChannel();
        var payload = new Payload { Body = ByteString.CopyFrom(new byte[4 * 1024 * 1024]) };

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest { Payload = payload }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("maximum", error.Status.Detail);
        // Just under the limit still goes through.
        payload.Body = ByteString.CopyFrom(new byte[(4 * 1024 * 1024) - 100]);
        await channel.UnaryAsync(TestServiceMethods.UnaryCall, new SimpleRequest { Payload = payload });
    }

    [Fact]
    public async Task Receive_limit_is_configurable_and_applies_after_decompression()
    {
        var service = new ScriptedTestService { Unary = (request, _) => Task.FromResult(new SimpleResponse()) };
        await using var server = await StartAsync(service, grpc => grpc.MaxReceiveMessageSize = 10_000);
        using var channel = server.CreateChannel();
        var request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[20_000]) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnaryCall, request, new CallOptions(CompressRequest: true)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_service_and_unknown_method_are_UNIMPLEMENTED()
    {
        await using var server = await StartAsync(new ScriptedTestService());
        using var channel = server.CreateChannel();

        var service = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestServiceMethods.UnimplementedServiceCall, new Empty()));
        Assert.Equal(StatusCode.Unimplemented, service.StatusCode);
        Assert.Equal("Service is unimplemented.", service.Status.Detail);

        using var http = server.CreateHttp2Client();
        using var request = LoopbackServer.GrpcRequest("/grpc.testing.TestService/NoSuchMethod", [0, 0, 0, 0, 0]);
        using var response = await http.SendAsync(request);
        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("Method is unimplemented.", response.Headers.GetValues("grpc-message").Single());
    }
}

using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Server;
using CheckpointGrid.Rpc.Tests.Fixtures;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Rpc.Tests.Server;

public class ServiceBinderTests
{
    [Fact]
    public async Task A_proto_method_without_a_handler_fails_start_up_naming_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoopbackServer.StartAsync(s => s.AddSingleton<IGrpcService>(new PartialService(b => b.Unary<Empty, Empty>("EmptyCall", (_, _) => Task.FromResult(new Empty()))))));

        Assert.Contains("grpc.testing.TestService", error.Message);
        Assert.Contains("UnaryCall", error.Message);
        Assert.Contains("FullDuplexCall", error.Message);
    }

    [Fact]
    public async Task Binding_with_the_wrong_message_type_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoopbackServer.StartAsync(s => s.AddSingleton<IGrpcService>(new PartialService(b => b.Unary<Empty, Empty>("UnaryCall", (_, _) => Task.FromResult(new Empty()))))));

        Assert.Contains("grpc.testing.SimpleRequest", error.Message);
    }

    [Fact]
    public async Task Binding_with_the_wrong_call_kind_fails_start_up()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoopbackServer.StartAsync(s => s.AddSingleton<IGrpcService>(new PartialService(b =>
                b.Unary<StreamingOutputCallRequest, StreamingOutputCallResponse>("StreamingOutputCall", (_, _) => Task.FromResult(new StreamingOutputCallResponse()))))));

        Assert.Contains("ServerStreaming", error.Message);
    }

    private sealed class PartialService(Action<ServiceBinder> bind) : IGrpcService
    {
        public ServiceDescriptor Descriptor => TestServiceMethods.TestService;

        public void Bind(ServiceBinder binder) => bind(binder);
    }
}

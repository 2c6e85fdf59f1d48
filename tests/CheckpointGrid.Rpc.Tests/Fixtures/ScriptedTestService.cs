using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Server;
using Google.Protobuf.Reflection;
using Grpc.Testing;

namespace CheckpointGrid.Rpc.Tests.Fixtures;

/// <summary>grpc.testing.TestService with handlers a test supplies; the rest answer UNIMPLEMENTED.</summary>
internal sealed class ScriptedTestService : IGrpcService
{
    private static readonly RpcException NotScripted = new(StatusCode.Unimplemented, "Not scripted by this test.");

    public UnaryServerMethod<SimpleRequest, SimpleResponse> Unary { get; init; } = (_, _) => throw NotScripted;

    public ClientStreamingServerMethod<StreamingInputCallRequest, StreamingInputCallResponse> ClientStreaming { get; init; } = (_, _) => throw NotScripted;

    public ServerStreamingServerMethod<StreamingOutputCallRequest, StreamingOutputCallResponse> ServerStreaming { get; init; } = (_, _, _) => throw NotScripted;

    public DuplexStreamingServerMethod<StreamingOutputCallRequest, StreamingOutputCallResponse> Duplex { get; init; } = (_, _, _) => throw NotScripted;

    public ServiceDescriptor Descriptor => TestServiceMethods.TestService;

    public void Bind(ServiceBinder binder) => binder
        .Unary<Empty, Empty>("EmptyCall", (_, _) => Task.FromResult(new Empty()))
        .Unary("UnaryCall", Unary)
        .Unary("CacheableUnaryCall", Unary)
        .ServerStreaming("StreamingOutputCall", ServerStreaming)
        .ClientStreaming("StreamingInputCall", ClientStreaming)
        .DuplexStreaming("FullDuplexCall", Duplex)
        .DuplexStreaming("HalfDuplexCall", Duplex)
        .Unary<Empty, Empty>("UnimplementedCall", (_, _) => throw NotScripted);
}

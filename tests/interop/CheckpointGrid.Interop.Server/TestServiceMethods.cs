using CheckpointGrid.Rpc;
using Grpc.Testing;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CheckpointGrid.Interop.Server;

/// <summary>The interop services' methods, for clients and tests.</summary>
public static class TestServiceMethods
{
    public static readonly ServiceDescriptor TestService = TestReflection.Descriptor.Services[0];
    public static readonly ServiceDescriptor UnimplementedService = TestReflection.Descriptor.Services[1];

    public static readonly Method<Empty, Empty> EmptyCall = Method.Create<Empty, Empty>(TestService, "EmptyCall");
    public static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = Method.Create<SimpleRequest, SimpleResponse>(TestService, "UnaryCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        Method.Create<StreamingOutputCallRequest, StreamingOutputCallResponse>(TestService, "StreamingOutputCall");
    public static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        Method.Create<StreamingInputCallRequest, StreamingInputCallResponse>(TestService, "StreamingInputCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        Method.Create<StreamingOutputCallRequest, StreamingOutputCallResponse>(TestService, "FullDuplexCall");
    public static readonly Method<Empty, Empty> UnimplementedCall = Method.Create<Empty, Empty>(TestService, "UnimplementedCall");
    public static readonly Method<Empty, Empty> UnimplementedServiceCall = Method.Create<Empty, Empty>(UnimplementedService, "UnimplementedCall");
}

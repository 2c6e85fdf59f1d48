using CheckpointGrid.Rpc.Server;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace CheckpointGrid.Rpc.Reflection;

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection, for clients that predate v1. Its messages are
/// wire-identical to v1's, so each request is re-parsed as v1 and answered by the v1 logic.
/// </summary>
public sealed class ServerReflectionV1AlphaService(GrpcServiceRegistry registry) : IGrpcService
{
    public ServiceDescriptor Descriptor => V1Alpha.ReflectionReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) =>
        binder.DuplexStreaming<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse>("ServerReflectionInfo", ServerReflectionInfo);

    private async Task ServerReflectionInfo(
        IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requests,
        IAsyncStreamWriter<V1Alpha.ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        var responder = ReflectionResponder.For(registry);
        while (await requests.MoveNext(context.CancellationToken))
        {
            var request = V1.ServerReflectionRequest.Parser.ParseFrom(requests.Current.ToByteString());
            var response = responder.Respond(request);
            await responses.WriteAsync(V1Alpha.ServerReflectionResponse.Parser.ParseFrom(response.ToByteString()), context.CancellationToken);
        }
    }
}

using CheckpointGrid.Rpc.Server;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;

namespace CheckpointGrid.Rpc.Reflection;

/// <summary>grpc.reflection.v1.ServerReflection: lists and describes every service this server maps.</summary>
public sealed class ServerReflectionService(GrpcServiceRegistry registry) : IGrpcService
{
    public ServiceDescriptor Descriptor => ReflectionReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) =>
        binder.DuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", ServerReflectionInfo);

    private async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requests, IAsyncStreamWriter<ServerReflectionResponse> responses, ServerCallContext context)
    {
        var responder = ReflectionResponder.For(registry);
        while (await requests.MoveNext(context.CancellationToken))
        {
            await responses.WriteAsync(responder.Respond(requests.Current), context.CancellationToken);
        }
    }
}

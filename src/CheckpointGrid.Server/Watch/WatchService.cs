using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Rpc;
using CheckpointGrid.Rpc.Server;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CheckpointGrid.Server.Watch;

/// <summary>checkpointgrid.v1.WatchService: live values of a scope, or of every checkpoint, as a stream.</summary>
public sealed class WatchService(WatchHub hub) : IGrpcService
{
    public ServiceDescriptor Descriptor => WatchReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) => binder.ServerStreaming<WatchRequest, WatchResponse>("Watch", Watch);

    private Task Watch(WatchRequest request, IAsyncStreamWriter<WatchResponse> responses, ServerCallContext context) =>
        hub.Open(request).RunAsync(static (stream, message, token) => stream.WriteAsync(message, token), responses, context.CancellationToken);
}

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
        hub.Open(request).RunAsync(static (stream, message, token) => Send(stream, message, token), responses, context.CancellationToken);

    /// <summary>Sends from the scopes' ready encodings when the stream takes them: the same bytes, without encoding a scope again per watcher.</summary>
    private static Task Send(IAsyncStreamWriter<WatchResponse> stream, WatchMessage message, CancellationToken cancellationToken) =>
        stream is IEncodedStreamWriter encoded
            ? encoded.WriteEncodedAsync(message.Encode(), cancellationToken)
            : stream.WriteAsync(message.ToResponse(), cancellationToken);
}

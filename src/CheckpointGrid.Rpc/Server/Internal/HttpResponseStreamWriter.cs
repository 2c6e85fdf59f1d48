using Google.Protobuf;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>The response messages of a server-streaming or duplex call, each flushed as it is written.</summary>
internal sealed class HttpResponseStreamWriter<T>(ServerCall call) : IAsyncStreamWriter<T>, IEncodedStreamWriter
    where T : class, IMessage<T>
{
    public Task WriteEncodedAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        call.WriteEncodedAsync(message, cancellationToken);

    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return call.WriteMessageAsync(message, cancellationToken);
    }
}

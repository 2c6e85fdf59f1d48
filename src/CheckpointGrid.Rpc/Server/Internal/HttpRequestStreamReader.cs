using Google.Protobuf;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>The request messages of a client-streaming or duplex call, read off the request body.</summary>
internal sealed class HttpRequestStreamReader<T>(ServerCall call, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first and check that it returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken;
        _current = await call.ReadMessageAsync(parser, token).ConfigureAwait(false);
        return _current is not null;
    }
}

using System.Net;
using CheckpointGrid.Rpc.Protocol;

namespace CheckpointGrid.Rpc.Client.Internal;

/// <summary>
/// A request body that stays open while the caller writes messages: HttpClient hands it the
/// HTTP/2 stream, and the body ends (END_STREAM) when the caller completes the request stream.
/// </summary>
internal sealed class RequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RequestContent()
    {
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    public Task<Stream> Stream => _stream.Task;

    /// <summary>Ends the body; idempotent.</summary>
    public void Complete() => _complete.TrySetResult();

    /// <summary>The call ended before the body did: end it quietly.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _complete.TrySetResult();
    }

    /// <summary>The client gave up on the call: fail the body, so HttpClient resets the stream (RST_STREAM).</summary>
    public void Reset()
    {
        _stream.TrySetCanceled();
        _complete.TrySetCanceled();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        await _complete.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}

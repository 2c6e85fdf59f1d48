using Google.Protobuf;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>Runs a server-streaming call: reads one request, hands the handler the response stream.</summary>
internal sealed class ServerStreamingCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler, ServerCallSettings settings)
    : ServerCallHandler(method.Path, settings)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task HandleCoreAsync(ServerCall call)
    {
        var request = await call.ReadSingleMessageAsync(method.RequestParser).ConfigureAwait(false);
        await handler(request, new HttpResponseStreamWriter<TResponse>(call), call.Context).ConfigureAwait(false);
    }
}

using Google.Protobuf;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>Runs a client-streaming call: hands the handler the request stream, writes its one response.</summary>
internal sealed class ClientStreamingCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler, ServerCallSettings settings)
    : ServerCallHandler(method.Path, settings)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task HandleCoreAsync(ServerCall call)
    {
        var requests = new HttpRequestStreamReader<TRequest>(call, method.RequestParser);
        var response = await handler(requests, call.Context).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{method.Path} returned no response message.");
        await call.WriteMessageAsync(response, default).ConfigureAwait(false);
    }
}

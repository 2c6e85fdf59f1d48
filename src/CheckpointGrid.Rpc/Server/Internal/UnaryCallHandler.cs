using Google.Protobuf;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>Runs a unary call: reads one request, writes the handler's one response.</summary>
internal sealed class UnaryCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler, ServerCallSettings settings)
    : ServerCallHandler(method.Path, settings)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override async Task HandleCoreAsync(ServerCall call)
    {
        var request = await call.ReadSingleMessageAsync(method.RequestParser).ConfigureAwait(false);
        var response = await handler(request, call.Context).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{method.Path} returned no response message.");
        await call.WriteMessageAsync(response, default).ConfigureAwait(false);
    }
}

using Google.Protobuf;

namespace CheckpointGrid.Rpc.Server.Internal;

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

internal sealed class DuplexStreamingCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler, ServerCallSettings settings)
    : ServerCallHandler(method.Path, settings)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override Task HandleCoreAsync(ServerCall call) =>
        handler(new HttpRequestStreamReader<TRequest>(call, method.RequestParser), new HttpResponseStreamWriter<TResponse>(call), call.Context);
}

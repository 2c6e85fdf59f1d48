using Google.Protobuf;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>Runs a duplex call: hands the handler both streams.</summary>
internal sealed class DuplexStreamingCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler, ServerCallSettings settings)
    : ServerCallHandler(method.Path, settings)
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    protected override Task HandleCoreAsync(ServerCall call) =>
        handler(new HttpRequestStreamReader<TRequest>(call, method.RequestParser), new HttpResponseStreamWriter<TResponse>(call), call.Context);
}

using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CheckpointGrid.Server.Watch;

/// <summary>
/// checkpointgrid.v1.WatchService: live values of a scope, or of every checkpoint, as a stream. Bound by hand
/// rather than through the generated base so that its responses are <see cref="WatchMessage"/>s, written from
/// the scopes' ready encodings: each publication is encoded once, however many watchers send it. On the wire
/// it is exactly WatchResponse (a test checks the bytes). Not sealed, and Watch virtual, because grpc-dotnet binds
/// only a virtual method declared by the type that names the binder.
/// </summary>
[BindServiceMethod(typeof(WatchService), nameof(BindService))]
public class WatchService(WatchHub hub, IHostApplicationLifetime lifetime)
{
    private static readonly Method<WatchRequest, WatchMessage> WatchMethod = new(
        MethodType.ServerStreaming,
        Contracts.V1.WatchService.Descriptor.FullName,
        "Watch",
        Marshallers.Create(static (WatchRequest request) => request.ToByteArray(), WatchRequest.Parser.ParseFrom),
        Marshallers.Create<WatchMessage>(
            static (message, context) => message.WriteTo(context),
            static _ => throw new NotSupportedException("The server only writes WatchMessages.")));

    /// <summary>How grpc-dotnet learns the method; it then calls <see cref="Watch"/> on the instance from the container.</summary>
    public static void BindService(ServiceBinderBase binder, WatchService? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(WatchMethod, service is null ? null : service.Watch);
    }

    public virtual async Task Watch(WatchRequest request, IServerStreamWriter<WatchMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = hub.Open(request);
        // A stream ends when the client leaves or the server stops (UNAVAILABLE: the client reconnects).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        await session.RunAsync(static (stream, message, token) => stream.WriteAsync(message, token), responseStream, ending.Token);
    }
}

using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Servers;

/// <summary>
/// grpc-dotnet channels to the server under load, each with a <see cref="SocketsHttpHandler"/> of its own,
/// so each is its own HTTP/2 connection, as separate machines would be.
/// </summary>
internal static class ServerChannel
{
    /// <summary>
    /// A channel to <paramref name="address"/>. <paramref name="manyStreams"/>: more streams than Kestrel's
    /// 100 per connection may share it, so the handler opens another connection when one is full
    /// instead of queueing the streams.
    /// </summary>
    public static GrpcChannel Open(Uri address, bool manyStreams) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = manyStreams,
            UseProxy = false,
            // A phase's streams come and go; the connection stays for the run.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        },
        DisposeHttpClient = true,
    });
}

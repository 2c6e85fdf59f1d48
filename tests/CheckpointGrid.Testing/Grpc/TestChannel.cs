using Grpc.Net.Client;

namespace CheckpointGrid.Testing.Grpc;

/// <summary>Channels to a test's server: plain HTTP/2 on loopback, as many connections as the streams need.</summary>
public static class TestChannel
{
    /// <summary>A channel of its own HTTP/2 connection(s); Kestrel allows 100 streams per connection, so more open as needed.</summary>
    public static GrpcChannel For(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        },
        DisposeHttpClient = true,
    });

    /// <inheritdoc cref="For(Uri)"/>
    public static GrpcChannel For(string address) => For(new Uri(address));
}

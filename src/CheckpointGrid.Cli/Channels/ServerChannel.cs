using Grpc.Net.Client;

namespace CheckpointGrid.Cli.Channels;

/// <summary>The gRPC channel the commands open to a CheckpointGrid server: HTTP/2 over a handler the channel owns.</summary>
public static class ServerChannel
{
    /// <summary>A channel to <paramref name="address"/> (h2c for http://, TLS for https://); share one per server.</summary>
    public static GrpcChannel ForAddress(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = CreateHandler(),
        DisposeHttpClient = true,
    });

    private static SocketsHttpHandler CreateHandler()
    {
        return new SocketsHttpHandler
        {
            // A fleet of agents shares one channel: more streams than one connection's limit.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
    }
}

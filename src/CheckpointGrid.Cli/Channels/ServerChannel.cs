using Grpc.Net.Client;

namespace CheckpointGrid.Cli.Channels;

/// <summary>The gRPC channel the commands open to a CheckpointGrid server: HTTP/2 over a handler the channel owns.</summary>
public static class ServerChannel
{
    /// <summary>A channel to <paramref name="address"/> (h2c for http://, TLS for https://, system trust), without a token.</summary>
    public static GrpcChannel ForAddress(Uri address) => ForAddress(address, ServerTrust.System, bearerToken: null);

    /// <summary>
    /// A channel to <paramref name="address"/> (h2c for http://, TLS for https://) whose certificate must chain to
    /// <paramref name="trust"/>; share one per server. With <paramref name="bearerToken"/>, every call sends it as
    /// "authorization: Bearer …".
    /// </summary>
    public static GrpcChannel ForAddress(Uri address, ServerTrust trust, string? bearerToken) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new TlsFailureHandler(CreateHandler(), trust),
        DisposeHttpClient = true,
        Credentials = BearerCredentials.For(address, bearerToken),
        // grpc-dotnet sends call credentials over TLS only unless told otherwise; over http:// the token goes in clear
        // text, which is the operator's choice (loopback, or a TLS-terminating proxy in front of the server).
        UnsafeUseInsecureChannelCallCredentials = bearerToken is not null,
    });

    private static SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
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

        // Otherwise grpc-dotnet puts its load balancer's subchannels on this handler, with a reconnect
        // backoff of their own (1 s growing to 2 min) under the agent's: after an outage a call waits
        // for, or fails by, that backoff, and the agent reconnects seconds to minutes after the server
        // is back. Off (grpc-dotnet's switch for it), the agent's backoff alone decides, as before.
        handler.Properties["__GrpcLoadBalancingDisabled"] = true;
        return handler;
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
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

    /// <summary>A channel to an https:// address whose certificate must chain to <paramref name="authority"/> (and to nothing else).</summary>
    public static GrpcChannel For(Uri address, X509Certificate2 authority) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            SslOptions = TrustOnly(authority),
        },
        DisposeHttpClient = true,
    });

    /// <summary>Client TLS options that trust <paramref name="authority"/> as the only root.</summary>
    public static SslClientAuthenticationOptions TrustOnly(X509Certificate2 authority)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(authority);
        return new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
    }
}

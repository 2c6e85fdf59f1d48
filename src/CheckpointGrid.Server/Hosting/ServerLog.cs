namespace CheckpointGrid.Server.Hosting;

/// <summary>The host's log messages; tests and operators read the listening lines.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "gRPC listening on http://{Endpoint} (HTTP/2 cleartext)")]
    public static partial void GrpcListening(ILogger logger, string endpoint);

    [LoggerMessage(2, LogLevel.Information, "Web listening on http://{Endpoint} (HTTP/1.1)")]
    public static partial void WebListening(ILogger logger, string endpoint);

    [LoggerMessage(3, LogLevel.Information, "Data directory: {DataDir}")]
    public static partial void DataDirectory(ILogger logger, string dataDir);

    [LoggerMessage(4, LogLevel.Warning, "Running open: no TLS and no authentication. Keep it on loopback ({BindAddress}) or behind a trusted network.")]
    public static partial void RunningOpen(ILogger logger, string bindAddress);

    [LoggerMessage(5, LogLevel.Information, "gRPC listening on https://{Endpoint} (TLS; HTTP/2 and HTTP/1.1 by ALPN: gRPC, the web page and /healthz)")]
    public static partial void GrpcListeningTls(ILogger logger, string endpoint);

    [LoggerMessage(6, LogLevel.Information, "Web listening on https://{Endpoint} (TLS; HTTP/1.1)")]
    public static partial void WebListeningTls(ILogger logger, string endpoint);

    [LoggerMessage(7, LogLevel.Warning, "Running without authentication: TLS is on, but anyone who can reach the port can read and write. Keep it on loopback ({BindAddress}) or behind a trusted network.")]
    public static partial void RunningWithoutAuthentication(ILogger logger, string bindAddress);

    [LoggerMessage(8, LogLevel.Warning, "Serving cleartext on {BindAddress}, beyond loopback (--allow-plaintext): bearer tokens and counts cross the network unencrypted unless a TLS-terminating proxy is in front of this server.")]
    public static partial void PlaintextBeyondLoopback(ILogger logger, string bindAddress);

    [LoggerMessage(9, LogLevel.Information, "Silo {Silo} listening on {Listen}; the embedded single silo (SQLite store)")]
    public static partial void EmbeddedSilo(ILogger logger, string silo, string listen);

    [LoggerMessage(10, LogLevel.Information, "Silo {Silo} of cluster {ClusterId} listening on {Listen}, gateway on {Gateway}; membership and store on PostgreSQL {Database}")]
    public static partial void ClusterSilo(ILogger logger, string silo, string clusterId, string listen, string gateway, string database);

    [LoggerMessage(11, LogLevel.Information, "Health listening on http://{Endpoint} (HTTP/2 cleartext; grpc.health.v1 only, for probes)")]
    public static partial void HealthListening(ILogger logger, string endpoint);
}

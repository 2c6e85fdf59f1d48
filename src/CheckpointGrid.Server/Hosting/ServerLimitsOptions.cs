using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CheckpointGrid.Server.Hosting;

/// <summary>
/// Kestrel's limits, chosen for this server rather than left at Kestrel's defaults (section "Server:Limits"): a fleet
/// of terminals on slow satellite links, a few hundred dashboards, and anyone else who can reach the port.
/// </summary>
public sealed class ServerLimitsOptions
{
    public const string Section = "Server:Limits";

    /// <summary>
    /// Open connections at most (Kestrel: unlimited). A few hundred terminals and dashboards need a few hundred
    /// connections; 10,000 leaves room for reconnect storms while bounding what a flood of idle sockets can hold.
    /// </summary>
    public long MaxConcurrentConnections { get; set; } = 10_000;

    /// <summary>
    /// Concurrent HTTP/2 streams per connection (Kestrel: 100). A dashboard wall or a fleet-simulating agent holds
    /// many Watch or Ingest streams on one channel; 500 lets it use few connections (our clients also open more
    /// connections when one is full), while one connection still cannot hold unbounded per-stream state.
    /// </summary>
    public int MaxStreamsPerConnection { get; set; } = 500;

    /// <summary>
    /// HPACK dynamic table size in bytes (Kestrel: 4,096). Our clients send a handful of short headers (and a bearer
    /// token of a few hundred bytes); 4 KiB holds them and bounds the memory a hostile encoder can make us keep.
    /// </summary>
    public int HeaderTableSize { get; set; } = 4096;

    /// <summary>
    /// Largest single request header field, name and value, in bytes (Kestrel: 16 KiB). A JWT with many checkpoints is
    /// under 4 KiB; 8 KiB is twice that with room to spare.
    /// </summary>
    public int MaxRequestHeaderFieldSize { get; set; } = 8 * 1024;

    /// <summary>All of a request's headers together, in bytes (Kestrel: 32 KiB); gRPC metadata here is a few hundred bytes.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 16 * 1024;

    /// <summary>Headers per request at most (Kestrel: 100); a gRPC call carries about ten.</summary>
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>
    /// How long a connection may send nothing before the server pings it (Kestrel: never). Satellite links and NATs
    /// drop quiet connections without telling either side; a ping every 30 s finds a dead terminal or dashboard
    /// connection and frees its streams, and keeps NAT mappings alive. Long-lived Watch streams are often quiet.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the server waits for a ping's answer before it closes the connection (Kestrel: 20 s). A satellite
    /// round trip is under 1 s but a congested link can stall for many; 20 s is patient without keeping dead peers.
    /// </summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a connection with no request in progress stays open (Kestrel's KeepAliveTimeout: 130 s). Terminals
    /// send a batch at least every few minutes and dashboards hold streams, so an idle connection is usually an
    /// abandoned one; 2 min also outlives the agent's longest reconnect backoff (30 s) comfortably.
    /// </summary>
    public TimeSpan IdleConnectionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a client may take to send a request's headers (Kestrel: 30 s). Headers are one small frame, even over
    /// a satellite link; 15 s stops slow-loris clients from holding connections while they dribble headers in.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    internal void ApplyTo(KestrelServerLimits limits)
    {
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        // An upgraded connection (WebSocket) is not something this server serves; it counts under the same bound.
        limits.MaxConcurrentUpgradedConnections = MaxConcurrentConnections;
        limits.KeepAliveTimeout = IdleConnectionTimeout;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        limits.Http2.HeaderTableSize = HeaderTableSize;
        limits.Http2.MaxRequestHeaderFieldSize = MaxRequestHeaderFieldSize;
        limits.Http2.KeepAlivePingDelay = KeepAlivePingDelay;
        limits.Http2.KeepAlivePingTimeout = KeepAlivePingTimeout;
    }

    internal IEnumerable<string> Validate()
    {
        if (MaxConcurrentConnections < 1)
        {
            yield return $"{Section}:{nameof(MaxConcurrentConnections)} {MaxConcurrentConnections} must be at least 1.";
        }
        if (MaxStreamsPerConnection < 1)
        {
            yield return $"{Section}:{nameof(MaxStreamsPerConnection)} {MaxStreamsPerConnection} must be at least 1.";
        }
        if (HeaderTableSize < 0)
        {
            yield return $"{Section}:{nameof(HeaderTableSize)} {HeaderTableSize} must not be negative.";
        }
        // HTTP/2 lets a peer send frames of 16 KiB; Kestrel wants a header field to fit its limits.
        if (MaxRequestHeaderFieldSize < 1024)
        {
            yield return $"{Section}:{nameof(MaxRequestHeaderFieldSize)} {MaxRequestHeaderFieldSize} is below 1024 bytes; gRPC's own headers would not fit.";
        }
        if (MaxRequestHeadersTotalSize < MaxRequestHeaderFieldSize)
        {
            yield return $"{Section}:{nameof(MaxRequestHeadersTotalSize)} {MaxRequestHeadersTotalSize} is below {nameof(MaxRequestHeaderFieldSize)} {MaxRequestHeaderFieldSize}.";
        }
        if (MaxRequestHeaderCount < 16)
        {
            yield return $"{Section}:{nameof(MaxRequestHeaderCount)} {MaxRequestHeaderCount} is below 16; a gRPC call alone sends about ten.";
        }
        if (KeepAlivePingDelay < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:{nameof(KeepAlivePingDelay)} {KeepAlivePingDelay} is under 1 s.";
        }
        if (KeepAlivePingTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:{nameof(KeepAlivePingTimeout)} {KeepAlivePingTimeout} is under 1 s.";
        }
        if (IdleConnectionTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:{nameof(IdleConnectionTimeout)} {IdleConnectionTimeout} is under 1 s.";
        }
        if (RequestHeadersTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"{Section}:{nameof(RequestHeadersTimeout)} {RequestHeadersTimeout} is under 1 s.";
        }
    }
}

using CheckpointGrid.Rpc.Server.Internal;
using Microsoft.AspNetCore.Http;

namespace CheckpointGrid.Rpc.Server;

/// <summary>What a handler knows of its call: metadata, deadline, cancellation, and the status to send.</summary>
public sealed class ServerCallContext
{
    private readonly ServerCall _call;

    internal ServerCallContext(ServerCall call, Metadata requestHeaders)
    {
        _call = call;
        RequestHeaders = requestHeaders;
    }

    /// <summary>The method's path, "/package.Service/Method".</summary>
    public string Method => _call.MethodPath;

    /// <summary>The client's address, "ipv4:127.0.0.1:50000" or "ipv6:[::1]:50000".</summary>
    public string Peer => _call.Peer;

    /// <summary>When the client stops waiting (UTC); <see cref="DateTime.MaxValue"/> when it set no deadline.</summary>
    public DateTime Deadline => _call.Deadline;

    public Metadata RequestHeaders { get; }

    /// <summary>Custom trailers sent with the status.</summary>
    public Metadata ResponseTrailers { get; } = [];

    /// <summary>The status sent when the handler returns normally; OK unless set.</summary>
    public Status Status { get; set; } = Status.DefaultSuccess;

    /// <summary>Cancelled when the client cancels or resets the stream, the deadline passes, or the server stops.</summary>
    public CancellationToken CancellationToken => _call.CancellationToken;

    /// <summary>Sends the response headers now, with <paramref name="headers"/> added; at most once, before any message.</summary>
    public Task WriteResponseHeadersAsync(Metadata headers) => _call.WriteResponseHeadersAsync(headers);

    /// <summary>The underlying HTTP/2 request, for what gRPC does not model (connection, TLS, user).</summary>
    public HttpContext GetHttpContext() => _call.HttpContext;
}

using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using CheckpointGrid.Rpc.Protocol;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Rpc.Server.Internal;

/// <summary>
/// One call's state on the server: its cancellation and deadline, the serialised response
/// writes, and its completion with a status — exactly once, by the handler or by the deadline.
/// </summary>
internal sealed class ServerCall : IDisposable
{
    private static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    private static readonly TimeSpan WriteLockTimeout = TimeSpan.FromSeconds(5);
    private static readonly Status Cancelled = new(StatusCode.Cancelled, "The call was cancelled.");
    private static readonly Status HandlerFault = new(StatusCode.Unknown, "Exception was thrown by handler.");

    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationTokenSource? _deadlineTimer;
    private readonly CancellationTokenRegistration _deadlineRegistration;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private Task? _deadlineCompletion;
    private volatile bool _deadlineExceeded;
    private volatile bool _requestReset;
    private bool _completed;

    public ServerCall(HttpContext httpContext, string methodPath, ServerCallSettings settings)
    {
        var (options, time, logger, serverStopping) = settings;
        HttpContext = httpContext;
        MethodPath = methodPath;
        _options = options;
        _logger = logger;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, serverStopping);

        var metadata = new Metadata();
        foreach (var header in httpContext.Request.Headers)
        {
            MetadataHeaders.AddReceived(metadata, header.Key, header.Value.ToString());
        }
        Context = new ServerCallContext(this, metadata);
        RequestEncoding = httpContext.Request.Headers[GrpcProtocol.EncodingHeader].ToString() is { Length: > 0 } encoding ? encoding : null;
        Prepare(httpContext);

        // Last, as a deadline already past completes the call at once.
        var timeoutHeader = httpContext.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        Deadline = DateTime.MaxValue;
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var timeout))
            {
                GrpcServerLog.InvalidTimeout(logger, timeoutHeader);
            }
            else if (timeout.TotalMilliseconds < uint.MaxValue - 1)
            {
                Deadline = time.GetUtcNow().UtcDateTime + timeout;
                _deadlineTimer = new CancellationTokenSource(timeout, time);
                _deadlineRegistration = _deadlineTimer.Token.UnsafeRegister(static state => ((ServerCall)state!).OnDeadline(), this);
            }
        }
    }

    public HttpContext HttpContext { get; }

    public string MethodPath { get; }

    public ServerCallContext Context { get; }

    public DateTime Deadline { get; }

    public CancellationToken CancellationToken => _cancellation.Token;

    public int? MaxReceiveMessageSize => _options.MaxReceiveMessageSize;

    /// <summary>The request's grpc-encoding, read once rather than per message.</summary>
    public string? RequestEncoding { get; }

    public string Peer
    {
        get
        {
            var connection = HttpContext.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort}",
                IPAddress ip => $"ipv4:{ip}:{connection.RemotePort}",
            };
        }
    }

    /// <summary>Lets long-lived streams outlast Kestrel's body size and data rate limits; sets the gRPC response headers.</summary>
    private static void Prepare(HttpContext httpContext)
    {
        var features = httpContext.Features;
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }
        if (features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }
        var response = httpContext.Response;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
    }

    /// <summary>Reads the one request message of a unary or server-streaming call.</summary>
    public async Task<T> ReadSingleMessageAsync<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        var message = await ReadMessageAsync(parser, CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(StatusCode.Internal, "Request message not received: the request stream ended before one message.");
        if (await ReadMessageAsync(parser, CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new RpcException(StatusCode.Internal, "Additional data after the message received: this method takes exactly one request message.");
        }
        return message;
    }

    /// <summary>
    /// The next request message, or null at the end of the request stream. A client's reset fails the
    /// body read before Kestrel signals RequestAborted: it is reported as cancellation, not as a fault.
    /// </summary>
    public async ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        try
        {
            return await MessageFraming.ReadMessageAsync(HttpContext.Request.BodyReader, parser, MaxReceiveMessageSize, RequestEncoding, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            _requestReset = true;
            throw new OperationCanceledException("The client reset the request stream.", ex, CancellationToken);
        }
    }

    public Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken) =>
        WriteFrameAsync(static (writer, message, max) => MessageFraming.WriteMessage(writer, message, max), message, cancellationToken);

    public Task WriteEncodedAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        WriteFrameAsync(static (writer, message, max) => MessageFraming.WriteEncodedMessage(writer, message.Span, max), message, cancellationToken);

    private async Task WriteFrameAsync<TMessage>(Action<PipeWriter, TMessage, int?> write, TMessage message, CancellationToken cancellationToken)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : CancellationToken;
        await _writeLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw new InvalidOperationException("Can't write the message because the call is complete.");
            }
            var writer = HttpContext.Response.BodyWriter;
            write(writer, message, _options.MaxSendMessageSize);
            await writer.FlushAsync(token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task WriteResponseHeadersAsync(Metadata headers)
    {
        await _writeLock.WaitAsync(CancellationToken).ConfigureAwait(false);
        try
        {
            var response = HttpContext.Response;
            if (_completed || response.HasStarted)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call, before any message.");
            }
            foreach (var entry in headers)
            {
                response.Headers.Append(entry.Key, MetadataHeaders.ToHeaderValue(entry));
            }
            await response.StartAsync(CancellationToken).ConfigureAwait(false);
            await response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Ends the call with the handler's status and trailers, unless the deadline already ended it.</summary>
    public async Task CompleteAsync(Status status, Metadata trailers)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_completed && !HttpContext.RequestAborted.IsCancellationRequested)
            {
                _completed = true;
                WriteStatus(status, trailers);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Ends the call after the handler threw.</summary>
    public Task FailAsync(Exception exception)
    {
        switch (exception)
        {
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    Context.ResponseTrailers.Add(entry);
                }
                return CompleteAsync(rpc.Status, Context.ResponseTrailers);
            case OperationCanceledException or IOException when CancellationToken.IsCancellationRequested || _requestReset:
                // The client went away, the deadline passed or the server is stopping:
                // the deadline has sent its status and a reset stream can take none.
                GrpcServerLog.CallCancelled(_logger, MethodPath);
                return CompleteAsync(_deadlineExceeded ? DeadlineExceeded : Cancelled, Context.ResponseTrailers);
            default:
                GrpcServerLog.HandlerFault(_logger, MethodPath, exception);
                return CompleteAsync(HandlerFault, Context.ResponseTrailers);
        }
    }

    /// <summary>Waits for a deadline completion that may be in flight; the request must not end under it.</summary>
    public Task DrainAsync()
    {
        _deadlineRegistration.Dispose();
        return _deadlineCompletion ?? Task.CompletedTask;
    }

    public void Dispose()
    {
        _deadlineRegistration.Dispose();
        _deadlineTimer?.Dispose();
        _cancellation.Dispose();
    }

    private void OnDeadline() => _deadlineCompletion = CompleteOnDeadlineAsync();

    private async Task CompleteOnDeadlineAsync()
    {
        GrpcServerLog.DeadlineExceeded(_logger, MethodPath);
        _deadlineExceeded = true;
        // Cancel first: a write blocked on a stalled client then gives up the lock. One flushed
        // under the handler's own token may not; past a bound the stream is reset instead.
        await _cancellation.CancelAsync().ConfigureAwait(false);
        if (!await _writeLock.WaitAsync(WriteLockTimeout).ConfigureAwait(false))
        {
            HttpContext.Abort();
            return;
        }
        try
        {
            if (_completed || HttpContext.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            _completed = true;
            WriteStatus(DeadlineExceeded, Context.ResponseTrailers);
            await HttpContext.Response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            HttpContext.Abort();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void WriteStatus(Status status, Metadata trailers)
    {
        var response = HttpContext.Response;
        if (!response.HasStarted)
        {
            // Trailers-only: the status travels in the one HEADERS frame that ends the stream.
            StatusHeaders.Write(response.Headers, status, trailers);
        }
        else
        {
            StatusHeaders.WriteTrailers(response, status, trailers);
        }
    }
}

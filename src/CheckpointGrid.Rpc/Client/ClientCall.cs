using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using CheckpointGrid.Rpc.Client.Internal;
using CheckpointGrid.Rpc.Protocol;
using Google.Protobuf;

namespace CheckpointGrid.Rpc.Client;

/// <summary>
/// One call in flight, of any kind: write requests to <see cref="RequestStream"/>, read
/// responses from <see cref="ResponseStream"/> (or <see cref="ResponseAsync"/> for one), and
/// read the status once the responses have ended. Disposing an unfinished call cancels it.
/// </summary>
public sealed class ClientCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private const string UserAgent = "checkpointgrid-dotnet/1.0";


    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource _cancellation;
    private readonly RequestContent _content = new();
    private readonly Task<HttpResponseMessage> _response;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenRegistration _onCancelled;
    private PipeWriter? _requestWriter;
    private PipeReader? _responseReader;
    private string? _responseEncoding;
    private Task<TResponse>? _single;
    private bool _requestCompleted;
    private Status? _status;
    private Metadata? _trailers;

    internal ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        TimeSpan? timeout = null;
        if (options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            timeout = deadline.ToUniversalTime() - channel.TimeProvider.GetUtcNow().UtcDateTime;
            if (timeout < TimeSpan.Zero)
            {
                timeout = TimeSpan.Zero;
            }
            _deadline = new CancellationTokenSource(timeout.Value, channel.TimeProvider);
        }
        _cancellation = _deadline is null
            ? CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, _deadline.Token);
        RequestStream = new ClientRequestStream(this);
        ResponseStream = new ClientResponseStream(this);
        _response = SendAsync(CreateRequest(timeout));
        _onCancelled = _cancellation.Token.UnsafeRegister(static state => ((ClientCall<TRequest, TResponse>)state!).Reset(), this);
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The single response of a unary or client-streaming call; a non-OK status throws <see cref="RpcException"/>.</summary>
    public Task<TResponse> ResponseAsync => _single ??= ReadSingleResponseAsync();

    /// <summary>The response headers' custom metadata, once they arrive.</summary>
    public async Task<Metadata> ResponseHeadersAsync()
    {
        var response = await _response.ConfigureAwait(false);
        return ToMetadata(response.Headers);
    }

    /// <summary>The status; only once the call has ended.</summary>
    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not ended: read the responses to their end first.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not ended: read the responses to their end first.");

    public void Dispose()
    {
        if (_status is null)
        {
            _status = CallFailures.Cancelled;
            _trailers = [];
            _cancellation.Cancel();
        }
        _onCancelled.Dispose();
        _content.Abort();
        if (_response.IsCompletedSuccessfully)
        {
            _response.Result.Dispose();
        }
        _cancellation.Dispose();
        _deadline?.Dispose();
    }

    /// <summary>Cancelled or past the deadline: reset the HTTP/2 stream so the server's handler is cancelled too.</summary>
    private void Reset()
    {
        _content.Reset();
        if (_response.IsCompletedSuccessfully)
        {
            _response.Result.Dispose();
        }
    }

    private HttpRequestMessage CreateRequest(TimeSpan? timeout)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = _content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, "trailers");
        headers.TryAddWithoutValidation("User-Agent", UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (timeout is { } t)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(t));
        }
        if (_options.CompressRequest)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, GrpcProtocol.Gzip);
        }
        foreach (var entry in _options.Headers ?? [])
        {
            headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.ToHeaderValue(entry));
        }
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        try
        {
            return await _channel.Invoker.SendAsync(request, _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
    }

    private async Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_requestCompleted)
            {
                throw new InvalidOperationException("Can't write: the request stream has been completed.");
            }
            ThrowIfEnded();
            await WriteFrameAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteFrameAsync(TRequest message, CancellationToken cancellationToken)
    {
        try
        {
            var writer = await GetRequestWriterAsync().ConfigureAwait(false);
            if (_options.CompressRequest)
            {
                MessageFraming.WriteCompressedMessage(writer, message);
            }
            else
            {
                MessageFraming.WriteMessage(writer, message, maxMessageSize: null);
            }
            await writer.FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            // The server may have ended the call (and reset our request body) with a status: prefer it.
            throw await TryEndWithServerStatusAsync().ConfigureAwait(false) ?? Fail(ex);
        }
    }

    /// <summary>
    /// A write failed: the server may have ended the call (resetting our request body) with a status.
    /// A trailers-only status ends the call here. If the response has started, its trailers carry
    /// the status and the messages before them are still to be read: the write fails, the call goes
    /// on for the reader, who gets the server's status at the end of the response stream.
    /// </summary>
    private async Task<RpcException?> TryEndWithServerStatusAsync()
    {
        if (_cancellation.IsCancellationRequested)
        {
            return null;
        }
        try
        {
            var response = await _response.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            if (_status is null && TryGetHeaderStatus(response, out var status))
            {
                if (status.StatusCode != StatusCode.OK)
                {
                    End(status, ToMetadata(response.Headers));
                }
                return null;
            }
            return _status is null
                ? new RpcException(StatusCode.Unavailable, "The server closed the request stream; the call's status comes at the end of the response stream.")
                : null;
        }
        catch (RpcException ex)
        {
            return ex;
        }
        catch (TimeoutException)
        {
        }
        return null;
    }

    private async Task CompleteRequestAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_requestCompleted)
            {
                return;
            }
            _requestCompleted = true;
            if (_requestWriter is not null)
            {
                await _requestWriter.CompleteAsync().ConfigureAwait(false);
            }
            _content.Complete();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<PipeWriter> GetRequestWriterAsync()
    {
        if (_requestWriter is null)
        {
            var stream = await _content.Stream.WaitAsync(_cancellation.Token).ConfigureAwait(false);
            _requestWriter = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        }
        return _requestWriter;
    }

    /// <summary>The next response message, or null at the end (with an OK status; any other throws).</summary>
    private async Task<TResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        ThrowIfEnded();
        try
        {
            var response = await _response.ConfigureAwait(false);
            if (_responseReader is null)
            {
                if (TryGetHeaderStatus(response, out var headerStatus))
                {
                    return End(headerStatus, ToMetadata(response.Headers));
                }
                var body = await response.Content.ReadAsStreamAsync(_cancellation.Token).ConfigureAwait(false);
                _responseReader = PipeReader.Create(body);
                _responseEncoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.FirstOrDefault() : null;
            }
            var token = cancellationToken.CanBeCanceled ? cancellationToken : _cancellation.Token;
            var message = await MessageFraming.ReadMessageAsync(_responseReader, _method.ResponseParser, _channel.MaxReceiveMessageSize, _responseEncoding, token).ConfigureAwait(false);
            if (message is not null)
            {
                return message;
            }
            return End(ReadTrailerStatus(response), ToMetadata(response.TrailingHeaders));
        }
        catch (Exception ex) when (ex is not RpcException || _status is null)
        {
            throw Fail(ex);
        }
    }

    private async Task<TResponse> ReadSingleResponseAsync()
    {
        var message = await ReadAsync(default).ConfigureAwait(false)
            ?? throw Fail(new RpcException(StatusCode.Internal, "Failed to read the response: the call ended OK with no response message."));
        if (await ReadAsync(default).ConfigureAwait(false) is not null)
        {
            throw Fail(new RpcException(StatusCode.Internal, "Failed to read the response: more than one response message."));
        }
        return message;
    }

    /// <summary>Ends the call with a status from the server; a non-OK one throws.</summary>
    private TResponse? End(Status status, Metadata trailers)
    {
        _status ??= status;
        _trailers ??= trailers;
        _content.Abort();
        ThrowIfEnded();
        return null;
    }

    private void ThrowIfEnded()
    {
        if (_status is { StatusCode: not StatusCode.OK } status)
        {
            throw new RpcException(status, _trailers);
        }
    }

    /// <summary>Ends the call with the status an exception stands for, and returns what to throw.</summary>
    private RpcException Fail(Exception exception)
    {
        if (_status is null)
        {
            _status = CallFailures.FromException(
                exception,
                deadlineExceeded: _deadline?.IsCancellationRequested == true,
                cancelled: _options.CancellationToken.IsCancellationRequested);
            _trailers = exception is RpcException rpc ? rpc.Trailers : [];
            _cancellation.Cancel();
            Reset();
        }
        return new RpcException(_status.Value, _trailers);
    }

    private static bool TryGetHeaderStatus(HttpResponseMessage response, out Status status)
    {
        if (response.Headers.Contains(GrpcProtocol.StatusTrailer))
        {
            status = ReadStatus(response.Headers);
            return true;
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            status = CallFailures.FromHttpStatus(response.StatusCode);
            return true;
        }
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            status = new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}.");
            return true;
        }
        status = default;
        return false;
    }

    private static Status ReadTrailerStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.Contains(GrpcProtocol.StatusTrailer)
            ? ReadStatus(response.TrailingHeaders)
            : new Status(StatusCode.Internal, "Bad gRPC response: no grpc-status in the trailers.");

    private static Status ReadStatus(HttpHeaders headers)
    {
        var code = headers.GetValues(GrpcProtocol.StatusTrailer).First();
        if (!int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return new Status(StatusCode.Unknown, $"Bad gRPC response: grpc-status '{code}' is not a number.");
        }
        var message = headers.TryGetValues(GrpcProtocol.MessageTrailer, out var messages) ? PercentEncoding.Decode(messages.First()) : "";
        return new Status((StatusCode)value, message);
    }

    private static Metadata ToMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                MetadataHeaders.AddReceived(metadata, header.Key, value);
            }
        }
        return metadata;
    }

    private sealed class ClientRequestStream(ClientCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    {
        public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default) => call.WriteAsync(message, cancellationToken);

        public Task CompleteAsync() => call.CompleteRequestAsync();
    }

    private sealed class ClientResponseStream(ClientCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    {
        private TResponse? _current;

        public TResponse Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first and check that it returned true.");

        public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
        {
            _current = await call.ReadAsync(cancellationToken).ConfigureAwait(false);
            return _current is not null;
        }
    }
}

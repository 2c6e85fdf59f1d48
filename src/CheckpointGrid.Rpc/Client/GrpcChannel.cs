using Google.Protobuf;

namespace CheckpointGrid.Rpc.Client;

/// <summary>
/// A gRPC client over <see cref="HttpMessageInvoker"/> and HTTP/2 (h2c prior knowledge for
/// "http://" addresses, TLS with ALPN for "https://"). Thread-safe; share one per server.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly bool _ownsHandler;

    public GrpcChannel(Uri address, GrpcChannelOptions? options = null)
    {
        options ??= new GrpcChannelOptions();
        Address = address;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        TimeProvider = options.TimeProvider;
        _ownsHandler = options.HttpHandler is null;
        Invoker = new HttpMessageInvoker(options.HttpHandler ?? CreateHandler(), disposeHandler: _ownsHandler);
    }

    public Uri Address { get; }

    internal HttpMessageInvoker Invoker { get; }

    internal int? MaxReceiveMessageSize { get; }

    internal TimeProvider TimeProvider { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) => new(new Uri(address), options);

    /// <summary>Starts a call of any kind; the caller writes, reads and disposes it.</summary>
    public ClientCall<TRequest, TResponse> Start<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
        => new(this, method, options);

    /// <summary>Makes a unary call; a non-OK status throws <see cref="RpcException"/>.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        using var call = Start(method, options);
        await call.RequestStream.WriteAsync(request).ConfigureAwait(false);
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>Starts a server-streaming call with its one request sent.</summary>
    public async Task<ClientCall<TRequest, TResponse>> ServerStreamingAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var call = Start(method, options);
        try
        {
            await call.RequestStream.WriteAsync(request).ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    public void Dispose() => Invoker.Dispose();

    private static SocketsHttpHandler CreateHandler() => new()
    {
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

using System.Net;
using CheckpointGrid.Rpc.Client;
using CheckpointGrid.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using CheckpointGrid.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Rpc.Tests.Fixtures;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port, hosting the services a test adds.
/// Disposing it fails the test if the server logged an error the test did not expect.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _errorsExpected;

    private LoopbackServer(WebApplication app, CapturedLogs logs, int port)
    {
        _app = app;
        Logs = logs;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<LoopbackServer> StartAsync(
        Action<IServiceCollection> addServices,
        HttpProtocols protocols = HttpProtocols.Http2,
        Action<GrpcServerOptions>? configureGrpc = null)
    {
        var logs = new CapturedLogs();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            listener = listen;
        }));
        builder.Services.AddGrpcServer(configureGrpc);
        addServices(builder.Services);
        var app = builder.Build();
        app.MapGrpcServices();
        await app.StartAsync();
        return new LoopbackServer(app, logs, listener!.IPEndPoint!.Port);
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => new(Address, options);

    /// <summary>A plain HTTP/2 client, for requests no gRPC client would send.</summary>
    public HttpClient CreateHttp2Client() => new(new SocketsHttpHandler())
    {
        BaseAddress = Address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>A hand-made HTTP/2 gRPC request: application/grpc, the given body bytes, nothing else.</summary>
    public static HttpRequestMessage GrpcRequest(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        return request;
    }

    /// <summary>Stops the host as a shutdown signal would; disposing afterwards is still safe.</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <summary>The test provokes server errors on purpose: don't fail on them.</summary>
    public void ExpectErrors() => _errorsExpected = true;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        var errors = Logs.Errors.ToList();
        if (!_errorsExpected && errors.Count > 0)
        {
            throw new InvalidOperationException("The server logged unexpected errors:\n" + string.Join("\n", errors));
        }
    }
}

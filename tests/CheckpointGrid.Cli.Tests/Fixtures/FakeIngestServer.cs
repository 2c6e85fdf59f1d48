using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>
/// The fake Ingest service on a real Kestrel (HTTP/2, 127.0.0.1) through grpc-dotnet's server. Its ledger and behaviour live outside it, so a test can stop it mid-stream and start
/// another on the same port as if the server restarted.
/// </summary>
internal sealed class FakeIngestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private FakeIngestServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>A port nothing listens on (for now).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<FakeIngestServer> StartAsync(FakeIngestLedger ledger, FakeIngestBehavior behavior, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listener = listen;
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(ledger);
        builder.Services.AddSingleton(behavior);
        builder.Services.AddSingleton(TimeProvider.System);
        var app = builder.Build();
        app.MapGrpcService<FakeIngestService>();
        await app.StartAsync();
        return new FakeIngestServer(app, listener!.IPEndPoint!.Port);
    }

    /// <summary>Stops at once: open streams are cancelled, connections dropped.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await _app.StopAsync(now.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}

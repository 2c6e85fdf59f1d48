using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>
/// The fake Ingest service on a real Kestrel (HTTP/2, 127.0.0.1) through grpc-dotnet's server. Its ledger and behaviour live outside it, so a test can stop it mid-stream and start
/// another on the same port as if the server restarted.
/// </summary>
internal sealed class FakeIngestServer : IAsyncDisposable
{
    private readonly LoopbackGrpcHost _host;

    private FakeIngestServer(LoopbackGrpcHost host) => _host = host;

    public int Port => _host.Port;

    public Uri Address => _host.Address;

    /// <summary>A port nothing listens on (for now).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<FakeIngestServer> StartAsync(FakeIngestLedger ledger, FakeIngestBehavior behavior, int port = 0) =>
        new(await LoopbackGrpcHost.StartAsync(
            services => services.AddSingleton(ledger).AddSingleton(behavior).AddSingleton(TimeProvider.System),
            app => app.MapGrpcService<FakeIngestService>(),
            port));

    /// <summary>Stops at once: open streams are cancelled, connections dropped.</summary>
    public Task StopAsync() => _host.StopAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

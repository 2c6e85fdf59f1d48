using System.Globalization;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>The real server process, started as an operator would, on free loopback ports and a fresh data directory.</summary>
public sealed class ServerProcessFixture : IAsyncLifetime
{
    private ChildProcess? _server;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "cg-e2e-" + Guid.NewGuid().ToString("N"));

    public int GrpcPort { get; private set; }

    public int WebPort { get; private set; }

    public string GrpcAddress => $"127.0.0.1:{GrpcPort}";

    public string Output => _server?.Output ?? "";

    public static ChildProcess Start(params string[] arguments) =>
        ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "CheckpointGrid.Server"), arguments, workingDirectory: AppContext.BaseDirectory);

    public async Task InitializeAsync()
    {
        _server = Start("--port", "0", "--http-port", "0", "--data-dir", DataDir);
        var grpc = await _server.WaitForLineAsync(@"gRPC listening on http://127\.0\.0\.1:(\d+)", TimeSpan.FromSeconds(60));
        var web = await _server.WaitForLineAsync(@"Web listening on http://127\.0\.0\.1:(\d+)", TimeSpan.FromSeconds(10));
        GrpcPort = int.Parse(grpc.Groups[1].Value, CultureInfo.InvariantCulture);
        WebPort = int.Parse(web.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}

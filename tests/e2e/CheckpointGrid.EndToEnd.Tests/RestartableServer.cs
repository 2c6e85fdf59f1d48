using System.Globalization;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// The real server process on a data directory of its own, which a test can kill -9 and start again on the same
/// directory and port. Disposing it stops the process and deletes the directory.
/// </summary>
internal sealed class RestartableServer : IAsyncDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cg-restart-" + Guid.NewGuid().ToString("N"));
    private readonly TimeSpan _patience;
    private ChildProcess? _process;

    private RestartableServer(TimeSpan patience) => _patience = patience;

    /// <summary>The gRPC port, the same across restarts.</summary>
    public int Port { get; private set; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>Starts a server on a fresh data directory; on <paramref name="port"/>, or a free one when 0.</summary>
    public static async Task<RestartableServer> StartAsync(TimeSpan patience, int port = 0)
    {
        var server = new RestartableServer(patience);
        await server.StartProcessAsync(port);
        return server;
    }

    /// <summary>Kills the process (SIGKILL: nothing flushed, nothing shut down) and waits for it to be gone; returns what it printed.</summary>
    public async Task<string> KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        _process = null;
        process.Kill();
        await process.Exited.WaitAsync(_patience);
        var output = process.Output;
        await process.DisposeAsync();
        return output;
    }

    /// <summary>Starts the server again on the same data directory and port.</summary>
    public Task RestartAsync() => StartProcessAsync(Port);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private async Task StartProcessAsync(int port)
    {
        _process = ServerProcessFixture.Start("--port", port.ToString(CultureInfo.InvariantCulture), "--http-port", "0", "--data-dir", _dataDir);
        var listening = await _process.WaitForLineAsync(@"gRPC listening on http://127\.0\.0\.1:(\d+)", _patience);
        Port = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}

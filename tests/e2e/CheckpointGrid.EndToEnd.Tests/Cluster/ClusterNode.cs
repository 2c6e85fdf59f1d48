using System.Globalization;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests.Cluster;

/// <summary>
/// One silo of a cluster on a PostgreSQL database: the real server process with --postgres, on free loopback ports
/// and a data directory of its own. A test can kill it (SIGKILL), hang it (SIGSTOP) and let it go on (SIGCONT).
/// Disposing stops what still runs and deletes the directory.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cg-node-" + Guid.NewGuid().ToString("N"));
    private ChildProcess? _process;

    private ClusterNode(string name) => Name = name;

    public string Name { get; }

    public int Port { get; private set; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>The silo's port (for other silos), from the start-up log.</summary>
    public int SiloPort { get; private set; }

    public ChildProcess Process => _process ?? throw new InvalidOperationException($"{Name} is not running.");

    public string Output => _process?.Output ?? "";

    /// <summary>Starts a silo of the cluster on <paramref name="postgres"/>; returns once it serves gRPC.</summary>
    public static async Task<ClusterNode> StartAsync(string name, string postgres, TimeSpan patience, params string[] extra)
    {
        var node = new ClusterNode(name);
        node._process = ServerProcessFixture.Start(
            ["--port", "0", "--http-port", "0", "--silo-port", "0", "--gateway-port", "0", "--data-dir", node._dataDir, "--postgres", postgres, .. extra]);
        var silo = await node._process.WaitForLineAsync(@"Silo \S+ of cluster \S+ listening on [\d.]+:(\d+)", patience);
        var listening = await node._process.WaitForLineAsync(@"gRPC listening on http://127\.0\.0\.1:(\d+)", patience);
        node.SiloPort = int.Parse(silo.Groups[1].Value, CultureInfo.InvariantCulture);
        node.Port = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
        return node;
    }

    /// <summary>Kills the process (SIGKILL: nothing flushed, no goodbye to the cluster) and waits for it to be gone.</summary>
    public async Task KillAsync(TimeSpan patience)
    {
        Process.Kill();
        await Process.Exited.WaitAsync(patience);
    }

    /// <summary>Hangs the process (SIGSTOP): its sockets stay open, nothing answers.</summary>
    public Task PauseAsync() => Process.SignalAsync("STOP");

    /// <summary>Lets a hung process go on (SIGCONT).</summary>
    public Task ResumeAsync() => Process.SignalAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            try
            {
                await _process.SignalAsync("CONT");
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            await _process.DisposeAsync();
        }
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}

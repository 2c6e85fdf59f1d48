using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// The real server (CheckpointGrid.Server: the build beside the bench, or a baseline build) as its own
/// process on loopback, free ports and a fresh temporary data directory, which is deleted when the server
/// is disposed. Counts warnings and errors printed after start-up.
/// </summary>
internal sealed partial class IngestServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerProcess _server;

    private IngestServerProcess(ServerBuild build, ServerProcess server, Uri address, string dataDir)
    {
        Build = build;
        _server = server;
        Address = address;
        DataDir = dataDir;
    }

    public ServerBuild Build { get; }

    public int Pid => _server.Pid;

    public Uri Address { get; }

    public string DataDir { get; }

    /// <summary>Warnings and errors printed after start-up (the start-up's own "Running open" warning aside); a healthy run prints none.</summary>
    public int Problems => _server.UnexpectedLines;

    public string RecentOutput => _server.RecentOutput;

    /// <summary>Bytes of the store on disk (database, WAL and shared memory files).</summary>
    public long StoreBytes
    {
        get
        {
            long bytes = 0;
            foreach (var file in new DirectoryInfo(DataDir).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                bytes += file.Length;
            }
            return bytes;
        }
    }

    public static async Task<IngestServerProcess> StartAsync(ServerBuild build)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "cg-bench-ingest-" + Guid.NewGuid().ToString("N"));
        // Its appsettings.json (beside its dll) sets these too; said here so the per-request logs stay off regardless.
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                build.Dll,
                "--port", "0", "--http-port", "0", "--data-dir", dataDir,
                "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
                "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            },
            WorkingDirectory = build.Directory,
        };
        var (server, address) = await ServerProcess.StartAsync($"{build.Name} CheckpointGrid.Server", info, StartTimeout, GrpcListeningLine(), IsProblem);
        return new IngestServerProcess(build, server, address, dataDir);
    }

    /// <summary>Kills the server at once and deletes its data; for when the bench itself is being stopped (Ctrl+C).</summary>
    public void Kill()
    {
        _server.Kill();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Already deleted, or the disposal is deleting it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Build.Name} CheckpointGrid.Server (pid {Pid}) at {Address}, data in {DataDir}");

    private static bool IsProblem(string line) => ProblemLine().IsMatch(line) && !line.Contains("Running open", StringComparison.Ordinal);

    [GeneratedRegex(@"gRPC listening on (http://127\.0\.0\.1:\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex GrpcListeningLine();

    [GeneratedRegex(@"^\S+ (warn|fail|crit): ", RegexOptions.CultureInvariant)]
    private static partial Regex ProblemLine();
}

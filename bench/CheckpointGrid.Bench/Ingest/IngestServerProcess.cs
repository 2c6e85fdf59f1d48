using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// The real server (CheckpointGrid.Server: the build beside the bench, or a baseline build) as its own
/// process on loopback and free ports, by default on a fresh temporary data directory, which is deleted when
/// the server is disposed. Counts warnings and errors printed after start-up.
/// </summary>
internal sealed partial class IngestServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerProcess _server;

    private readonly bool _ownsDataDir;

    private IngestServerProcess(ServerBuild build, ServerProcess server, Uri address, string dataDir, bool ownsDataDir)
    {
        Build = build;
        _server = server;
        Address = address;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
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

    /// <summary>A fresh temporary data directory for a server, not created yet (the server creates it).</summary>
    public static string NewDataDir(string purpose) => Path.Combine(Path.GetTempPath(), $"cg-bench-{purpose}-{Guid.NewGuid():N}");

    /// <summary>Starts <paramref name="build"/> on a fresh data directory, deleted when the server is disposed.</summary>
    public static Task<IngestServerProcess> StartAsync(ServerBuild build) => StartAsync(build, NewDataDir("ingest"), ownsDataDir: true);

    /// <summary>
    /// Starts <paramref name="build"/> on <paramref name="dataDir"/> and returns once it says it listens (which it
    /// logs when its host has started: the moment its health turns SERVING). The directory is deleted when the
    /// server is disposed only if <paramref name="ownsDataDir"/>. <paramref name="startTimeout"/>: how long it may take (default 60 s).
    /// </summary>
    public static async Task<IngestServerProcess> StartAsync(
        ServerBuild build, string dataDir, bool ownsDataDir, TimeSpan? startTimeout = null, IReadOnlyList<string>? extraArguments = null)
    {
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
        foreach (var argument in extraArguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }
        var (server, address) = await ServerProcess.StartAsync($"{build.Name} CheckpointGrid.Server", info, startTimeout ?? StartTimeout, GrpcListeningLine(), IsProblem);
        return new IngestServerProcess(build, server, address, dataDir, ownsDataDir);
    }

    /// <summary>The Orleans silo's address (ip:port@generation) from the start-up line a cluster member prints; null for the embedded default.</summary>
    public string? Silo => SiloLine().Match(_server.StartupOutput) is { Success: true } match ? match.Groups[1].Value : null;

    /// <inheritdoc cref="ServerProcess.SignalAsync" />
    public Task SignalAsync(string signal) => _server.SignalAsync(signal);

    /// <inheritdoc cref="ServerProcess.StopAsync" />
    public Task StopAsync(TimeSpan timeout) => _server.StopAsync(timeout);

    /// <summary>Kills the server at once and deletes its data; for when the bench itself is being stopped (Ctrl+C).</summary>
    public void Kill()
    {
        _server.Kill();
        if (!_ownsDataDir)
        {
            return;
        }
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
        if (_ownsDataDir && Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Build.Name} CheckpointGrid.Server (pid {Pid}) at {Address}, data in {DataDir}");

    private static bool IsProblem(string line) => ProblemLine().IsMatch(line) && !line.Contains("Running open", StringComparison.Ordinal);

    [GeneratedRegex(@"gRPC listening on (http://127\.0\.0\.1:\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex GrpcListeningLine();

    [GeneratedRegex(@"Silo (\S+) of cluster", RegexOptions.CultureInvariant)]
    private static partial Regex SiloLine();

    [GeneratedRegex(@"^\S+ (warn|fail|crit): ", RegexOptions.CultureInvariant)]
    private static partial Regex ProblemLine();
}

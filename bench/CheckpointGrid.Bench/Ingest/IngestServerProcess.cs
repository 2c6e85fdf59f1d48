using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// The real server (CheckpointGrid.Server, built beside the bench) as its own process on loopback,
/// free ports and a fresh temporary data directory, which is deleted when the server is disposed.
/// Keeps the last lines it printed, and counts warnings and errors printed after start-up.
/// </summary>
internal sealed partial class IngestServerProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _problems;

    private IngestServerProcess(Process process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public int Pid => _process.Id;

    public Uri Address => _listening.Task.Result;

    public string DataDir { get; }

    /// <summary>Warnings and errors printed after start-up (the start-up's own "Running open" warning aside); a healthy run prints none.</summary>
    public int Problems => Volatile.Read(ref _problems);

    public string RecentOutput
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

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

    public static async Task<IngestServerProcess> StartAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "cg-bench-ingest-" + Guid.NewGuid().ToString("N"));
        // Its appsettings.json (copied beside the bench) sets these too; said here so the per-request logs stay off regardless.
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "CheckpointGrid.Server.dll"),
                "--port", "0", "--http-port", "0", "--data-dir", dataDir,
                "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
                "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new IngestServerProcess(process, dataDir);
        process.OutputDataReceived += server.OnOutput;
        process.ErrorDataReceived += server.OnOutput;
        process.Exited += server.OnExited;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var done = await Task.WhenAny(server._listening.Task, server._exited.Task, Task.Delay(StartTimeout));
        if (done != server._listening.Task)
        {
            var why = done == server._exited.Task ? "exited" : $"printed no 'gRPC listening on' line within {StartTimeout.TotalSeconds:0} s";
            var output = server.RecentOutput;
            await server.DisposeAsync();
            throw new InvalidOperationException($"CheckpointGrid.Server {why}. Its last output:\n{output}");
        }
        return server;
    }

    /// <summary>Kills the server at once and deletes its data; for when the bench itself is being stopped (Ctrl+C).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"CheckpointGrid.Server (pid {Pid}) at {Address}, data in {DataDir}");

    [GeneratedRegex(@"gRPC listening on (http://127\.0\.0\.1:\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^\S+ (warn|fail|crit): ", RegexOptions.CultureInvariant)]
    private static partial Regex ProblemLine();

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not { } line)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
        if (!_listening.Task.IsCompleted)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                _listening.TrySetResult(new Uri(match.Groups[1].Value, UriKind.Absolute));
            }
        }
        else if (ProblemLine().IsMatch(line) && !line.Contains("Running open", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _problems);
        }
    }

    private void OnExited(object? sender, EventArgs e) => _exited.TrySetResult();
}

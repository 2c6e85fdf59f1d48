using System.Diagnostics;
using CheckpointGrid.Testing;

namespace CheckpointGrid.Bench.Servers;

/// <summary>Starts a TestService server of each kind on 127.0.0.1 and a free port (the server picks it: port 0).</summary>
internal static class ServerLauncher
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static Task<(ServerProcess Server, Uri Address)> StartAsync(ServerKind kind) => kind switch
    {
        ServerKind.Ours => StartOursAsync(),
        ServerKind.Node => StartNodeAsync(),
        ServerKind.Python => StartPythonAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Task<(ServerProcess, Uri)> StartOursAsync()
    {
        // Built beside the bench (project reference), with its own runtimeconfig (Server GC).
        // Per-request logs are off, as in production; only the start-up line is needed.
        var dll = Path.Combine(AppContext.BaseDirectory, "CheckpointGrid.Interop.Server.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "--port", "0",
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            },
            WorkingDirectory = AppContext.BaseDirectory,
        };
        return ServerProcess.StartAsync("ours", info, StartTimeout);
    }

    private static async Task<(ServerProcess, Uri)> StartNodeAsync()
    {
        var peerDir = RepositoryPaths.Combine("bench", "peer");
        if (!File.Exists(Path.Combine(peerDir, "node_modules", "@grpc", "grpc-js", "package.json")))
        {
            // Installed from the lock file, as the interop tests install their Node client.
            await RunToEndAsync(new ProcessStartInfo("npm") { ArgumentList = { "ci", "--no-audit", "--no-fund" }, WorkingDirectory = peerDir });
        }
        var info = new ProcessStartInfo("node") { ArgumentList = { "node_server.js", "--port", "0" }, WorkingDirectory = peerDir };
        return await ServerProcess.StartAsync("node", info, StartTimeout);
    }

    private static Task<(ServerProcess, Uri)> StartPythonAsync()
    {
        // Debian's interpreter, which has python3-grpcio; not whatever python3 is first on PATH.
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "python_server.py", "--port", "0" },
            WorkingDirectory = RepositoryPaths.Combine("bench", "peer"),
        };
        return ServerProcess.StartAsync("python", info, StartTimeout);
    }

    private static async Task RunToEndAsync(ProcessStartInfo info)
    {
        Console.WriteLine($"running: {info.FileName} {string.Join(' ', info.ArgumentList)} (in {info.WorkingDirectory})");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{info.FileName} exited with code {process.ExitCode}.");
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// The runs of a benchmark on the real server: each on a fresh server process, which Ctrl+C or SIGTERM
/// kill first (the default handling ends the bench without its finally blocks). With several builds
/// (A/B), every run measures each build in turn, each on a fresh server and data directory, the order
/// rotated run by run so that drift on the shared host falls on all of them. Warnings a server printed
/// are shown after its part of the run; a failure is shown with the server's last output.
/// </summary>
internal static class ServerRuns
{
    /// <summary>Runs <paramref name="runOnce"/> for runs 1 to <paramref name="runs"/> on each of <paramref name="builds"/>; false when one threw.</summary>
    public static async Task<bool> RunAsync(int runs, IReadOnlyList<ServerBuild> builds, Func<IngestServerProcess, int, Task> runOnce)
    {
        var current = new StrongBox<IngestServerProcess?>();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Volatile.Read(ref current.Value)?.Kill());
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Volatile.Read(ref current.Value)?.Kill());
        try
        {
            for (var run = 1; run <= runs; run++)
            {
                for (var turn = 0; turn < builds.Count; turn++)
                {
                    var build = builds[(run - 1 + turn) % builds.Count];
                    Console.WriteLine(builds.Count == 1 ? $"\nrun {run}/{runs}" : $"\nrun {run}/{runs}, {build.Name} server");
                    await using var server = await IngestServerProcess.StartAsync(build);
                    Volatile.Write(ref current.Value, server);
                    await runOnce(server, run);
                    if (server.Problems > 0)
                    {
                        Console.WriteLine($"  the server printed {server.Problems} warning(s) or error(s) under load; its last output:\n{server.RecentOutput}");
                    }
                    Volatile.Write(ref current.Value, null);
                }
            }
            return true;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"\nbenchmark failed: {ex}");
            if (Volatile.Read(ref current.Value) is { } server)
            {
                await Console.Error.WriteLineAsync($"\nthe server's last output:\n{server.RecentOutput}");
            }
            return false;
        }
    }
}

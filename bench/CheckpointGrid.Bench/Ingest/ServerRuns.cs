using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// The runs of a benchmark on the real server: each on a fresh server process, which Ctrl+C or SIGTERM
/// kill first (the default handling ends the bench without its finally blocks). Warnings the server
/// printed are shown after each run; a failure is shown with the server's last output.
/// </summary>
internal static class ServerRuns
{
    /// <summary>Runs <paramref name="runOnce"/> for runs 1 to <paramref name="runs"/>; false when one threw.</summary>
    public static async Task<bool> RunAsync(int runs, Func<IngestServerProcess, int, Task> runOnce)
    {
        var current = new StrongBox<IngestServerProcess?>();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Volatile.Read(ref current.Value)?.Kill());
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Volatile.Read(ref current.Value)?.Kill());
        try
        {
            for (var run = 1; run <= runs; run++)
            {
                Console.WriteLine($"\nrun {run}/{runs}");
                await using var server = await IngestServerProcess.StartAsync();
                Volatile.Write(ref current.Value, server);
                await runOnce(server, run);
                if (server.Problems > 0)
                {
                    Console.WriteLine($"  the server printed {server.Problems} warning(s) or error(s) under load; its last output:\n{server.RecentOutput}");
                }
                Volatile.Write(ref current.Value, null);
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

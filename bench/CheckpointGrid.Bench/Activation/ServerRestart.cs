using System.Diagnostics;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Servers;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Bench.Activation;

/// <summary>
/// One start of a server on an existing data directory: the time from starting its process to its "gRPC listening"
/// line, which it logs when its host has started (the moment its health turns SERVING; both builds warm every
/// checkpoint's counts before that), then the first GetCheckpointCounts of the filled checkpoint and, where the
/// events are, the check that the national totals still equal everything acknowledged. Stopped with SIGTERM.
/// </summary>
internal static class ServerRestart
{
    /// <summary>The old server replays every stored event before it listens: minutes, for millions.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A checkpoint with no events in the bench's stores, in another region than the filled one.</summary>
    private const string OtherCheckpoint = "PA-PAN-PTY";

    /// <summary>Milliseconds from process start to SERVING, of the first query (another checkpoint), and of the filled checkpoint's first query.</summary>
    public sealed record Result(double StartMs, double FirstCallMs, double CheckpointQueryMs, double? RssMib);

    /// <summary>Starts <paramref name="build"/> on <paramref name="dataDir"/>; <paramref name="terminals"/>: what was acknowledged into it (empty for none).</summary>
    public static async Task<Result> MeasureAsync(
        ServerBuild build, string dataDir, string checkpoint, IReadOnlyList<SimulatedTerminal> terminals, Action<IngestServerProcess?> current)
    {
        var start = Stopwatch.GetTimestamp();
        await using var server = await IngestServerProcess.StartAsync(build, dataDir, ownsDataDir: false, StartTimeout);
        var startMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        current(server);
        try
        {
            var rss = ProcFs.ReadStatusKib(server.Pid, "VmRSS") / 1024.0;
            using var channel = ServerChannel.Open(server.Address, manyStreams: false);
            var client = new QueryService.QueryServiceClient(channel);
            // The very first call pays for the connection and both sides' first use of the method (JIT), whatever it asks:
            // it goes to another checkpoint, so that the timed one shows what the filled checkpoint itself costs.
            var first = Stopwatch.GetTimestamp();
            await client.GetCheckpointCountsAsync(new GetCheckpointCountsRequest { CheckpointId = OtherCheckpoint });
            var firstMs = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
            var query = Stopwatch.GetTimestamp();
            await client.GetCheckpointCountsAsync(new GetCheckpointCountsRequest { CheckpointId = checkpoint });
            var queryMs = Stopwatch.GetElapsedTime(query).TotalMilliseconds;
            var check = await CountCheck.RunAsync(channel, terminals);
            if (!check.Equal)
            {
                throw new InvalidOperationException($"{build.Name} restarted on {dataDir}: the national totals say {check.CountedPeople:N0} people, the acks {check.AckedPeople:N0}.");
            }
            await server.StopAsync(StopTimeout);
            return new Result(startMs, firstMs, queryMs, rss);
        }
        finally
        {
            current(null);
        }
    }
}

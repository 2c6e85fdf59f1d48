using CheckpointGrid.Bench.Servers;
using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// The <c>ingest</c> command: durable ingestion through the real server. Each run starts the server
/// on a fresh data directory, warms up, measures saturation at each in-flight level, then ack latency
/// at a paced rate, and checks the server's national totals against everything acknowledged. With a
/// baseline build, each run does all of that on both servers in turn, with the same load.
/// </summary>
internal static class IngestBenchmark
{
    /// <summary>The default catalog's checkpoints; terminal i streams for checkpoint i mod 15.</summary>
    private static readonly string[] Checkpoints =
    [
        "PA-DAR-LJB", "PA-DAR-SVC", "PA-DAR-BCH", "PA-DAR-CNM", "PA-DAR-MTT", "PA-DAR-JQE", "PA-CHI-LPG", "PA-CHI-PCN",
        "PA-GNA-POB", "PA-GNA-CRT", "PA-COL-MRM", "PA-COL-PLQ", "PA-PAN-PTY", "PA-PAN-PAC", "PA-PAO-BLB",
    ];

    /// <summary>
    /// What the warm-up's pre-built batches are sized for: above the 150,000-360,000 events/s its warm-ups
    /// reached on this machine. Should they run out, the warm-up ends early, which does no harm.
    /// </summary>
    private const double WarmupPoolRate = 500_000;

    /// <summary>
    /// Later saturation phases get batches for this many times the warm-up's rate, or half again the best
    /// rate so far (the warm-up, JIT tiering included, ran at 0.4-0.8 of the steady rate), and at least the floor.
    /// A phase whose batches ran out is discarded and run again with twice as many, at most twice.
    /// </summary>
    private const double PoolHeadroom = 2.5;
    private const double PoolFloorRate = 20_000;
    private const int MaxAttempts = 3;

    private static readonly TimeSpan WarmupPhase = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(IngestBenchOptions options)
    {
        IngestReport.PrintHeader(options, NewTerminals(options.Terminals));
        // Per build, each run's phases in run order: every run measures every build once.
        var results = new Dictionary<ServerBuild, List<List<PhaseResult>>>();
        foreach (var build in options.Builds)
        {
            results[build] = [];
        }
        var keys = new List<string>();
        foreach (var inFlight in options.InFlight)
        {
            keys.Add(IngestPhase.Saturation(inFlight).Key);
        }
        keys.Add("paced");
        var failedChecks = 0;
        var completed = await ServerRuns.RunAsync(options.Runs, options.Builds, async (server, run) =>
        {
            IngestReport.PrintServer(server);
            var (runResults, check) = await RunOnceAsync(server, options, run);
            results[server.Build].Add(runResults);
            failedChecks += check.Equal ? 0 : 1;
        });
        if (!completed)
        {
            return 1;
        }
        foreach (var build in options.Builds)
        {
            IngestReport.PrintSummary(Flatten(results[build]), keys, options.Runs, options.Baseline is null ? null : build.Name);
        }
        if (options.Baseline is { } baseline)
        {
            IngestComparison.Print(keys, results[ServerBuild.Current], results[baseline], options.Rate);
        }
        if (failedChecks > 0)
        {
            await Console.Error.WriteLineAsync($"\n{failedChecks} run(s) ended with the server's totals not equal to what it acknowledged.");
            return 1;
        }
        return 0;
    }

    private static async Task<(List<PhaseResult> Results, CountCheck Check)> RunOnceAsync(IngestServerProcess server, IngestBenchOptions options, int run)
    {
        // At most 64 terminals share a connection, under Kestrel's 100 streams: C connections are exactly C.
        var channels = new GrpcChannel[options.ConnectionCount];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = ServerChannel.Open(server.Address, manyStreams: false);
        }
        try
        {
            var terminals = NewTerminals(options.Terminals);
            var results = new List<PhaseResult>();
            double? runPeakRss = null;
            var seed = run * 100;

            // JIT tiering, connections, the store's first pages; its rate sizes the later phases' batches.
            var warmup = await PhaseRunner.RunAsync(
                server, channels, terminals, IngestPhase.Saturation(options.InFlight[^1]), TimeSpan.FromSeconds(1), WarmupPhase, WarmupPoolRate, seed++);
            Console.WriteLine($"  warm-up ({warmup.Phase.Name}, not recorded): {warmup.Rate:N0} events/s{(warmup.RanOut ? " (its batches ran out)" : "")}");
            runPeakRss = Max(runPeakRss, warmup.PeakRssMib);
            var poolRate = Math.Max(PoolHeadroom * (warmup.RanOut ? WarmupPoolRate : warmup.Rate), PoolFloorRate);

            var best = 0.0;
            foreach (var inFlight in options.InFlight)
            {
                PhaseResult result;
                (result, poolRate) = await RunPhaseAsync(server, channels, terminals, IngestPhase.Saturation(inFlight), options, poolRate, seed);
                seed += MaxAttempts;
                IngestReport.PrintPhase(result);
                results.Add(result);
                best = Math.Max(best, result.Rate);
                poolRate = Math.Max(poolRate, 1.5 * best);
                runPeakRss = Max(runPeakRss, result.PeakRssMib);
            }

            var rate = options.Rate ?? Math.Max(1, Math.Round(best / 2));
            var (paced, _) = await RunPhaseAsync(server, channels, terminals, IngestPhase.Paced(rate), options, rate * 1.1, seed);
            IngestReport.PrintPhase(paced);
            results.Add(paced);
            runPeakRss = Max(runPeakRss, paced.PeakRssMib);

            var check = await CountCheck.RunAsync(channels[0], terminals);
            IngestReport.PrintRunEnd(check, server, runPeakRss);
            return (results, check);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>Runs a phase, again with twice the batches if they ran out (its events still count: the terminals have moved on).</summary>
    internal static Task<(PhaseResult Result, double PoolRate)> RunPhaseAsync(
        IngestServerProcess server, GrpcChannel[] channels, SimulatedTerminal[] terminals, IngestPhase phase, IngestBenchOptions options, double poolRate, int seed) =>
        RunPhaseAsync([server], channels, terminals, phase, options.Warmup, options.Duration, poolRate, seed, probe: null);

    /// <summary>As above, against several servers (a cluster's silos), with a probe of more numbers over the window.</summary>
    internal static async Task<(PhaseResult Result, double PoolRate)> RunPhaseAsync(
        IReadOnlyList<IngestServerProcess> servers, GrpcChannel[] channels, SimulatedTerminal[] terminals, IngestPhase phase,
        TimeSpan warmup, TimeSpan duration, double poolRate, int seed, IWindowProbe? probe)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await PhaseRunner.RunAsync(servers, channels, terminals, phase, warmup, duration, poolRate, seed + attempt, probe);
            if (!result.RanOut)
            {
                return (result, poolRate);
            }
            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"{phase.Name}: the pre-built batches ran out {MaxAttempts} times, last with {poolRate:N0} events/s.");
            }
            Console.WriteLine($"  {phase.Name}: the batches built for {poolRate:N0} events/s ran out; discarded, and run again with twice as many");
            poolRate *= 2;
        }
    }

    internal static SimulatedTerminal[] NewTerminals(int count)
    {
        var terminals = new SimulatedTerminal[count];
        for (var i = 0; i < count; i++)
        {
            terminals[i] = new SimulatedTerminal(i, Checkpoints[i % Checkpoints.Length]);
        }
        return terminals;
    }

    private static List<PhaseResult> Flatten(List<List<PhaseResult>> runs)
    {
        var all = new List<PhaseResult>();
        foreach (var run in runs)
        {
            all.AddRange(run);
        }
        return all;
    }

    private static double? Max(double? a, double? b) => a is { } x && b is { } y ? Math.Max(x, y) : a ?? b;
}

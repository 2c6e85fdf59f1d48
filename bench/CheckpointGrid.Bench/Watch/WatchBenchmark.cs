using System.Diagnostics;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Bench.Servers;
using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Watch;

/// <summary>
/// The <c>watch</c> command: what dashboards cost ingestion. Each run starts the server, warms up, then
/// measures saturated ingestion with no watcher and with N watchers connected (in alternating order run by
/// run), then ack → watcher-update latency at a paced rate with the N watchers. With a baseline build, each
/// run does all of that on both servers in turn.
/// </summary>
internal static class WatchBenchmark
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    /// <summary>National watchers in the bench process that time the probe's events, beside the dashboards.</summary>
    private const int ProbeWatchers = 20;

    public static async Task<int> RunAsync(WatchBenchOptions options)
    {
        Console.WriteLine($"watch: {options.Terminals} terminals, saturation x1 with 0 and {options.Watchers:N0} watchers, then paced {options.Rate:N0} events/s with the watchers; {options.Runs} run(s) of {options.Duration.TotalSeconds:N0} s per phase");
        IngestReport.PrintBuilds(options.Builds);
        // Per build, each run's result in run order: every run measures every build once.
        var results = new Dictionary<ServerBuild, List<WatchRunResult>>();
        foreach (var build in options.Builds)
        {
            results[build] = [];
        }
        var completed = await ServerRuns.RunAsync(options.Runs, options.Builds, async (server, run) =>
            results[server.Build].Add(await RunOnceAsync(server, options, run)));
        if (!completed)
        {
            return 1;
        }
        foreach (var build in options.Builds)
        {
            PrintSummary(results[build], options, options.Baseline is null ? null : build.Name);
        }
        if (options.Baseline is { } baseline)
        {
            PrintComparison(results[ServerBuild.Current], results[baseline], options);
        }
        return 0;
    }

    private static void PrintSummary(List<WatchRunResult> runs, WatchBenchOptions options, string? build)
    {
        Console.WriteLine($"\nsummary{(build is null ? "" : $" of the {build} server")} over {options.Runs} run(s): median [min-max]");
        Console.WriteLine($"  saturation x1, no watchers:        {Spread.Show(Spread.Of(runs, static r => r.Without), "N0")} events/s");
        Console.WriteLine($"  saturation x1, {options.Watchers,5:N0} watchers:    {Spread.Show(Spread.Of(runs, static r => r.With), "N0")} events/s");
        Console.WriteLine($"  ratio with/without (per run):      {Spread.Show(Spread.Of(runs, static r => r.Ratio), "N3")}");
        Console.WriteLine($"  ack -> watcher update, p50:        {Spread.Show(Spread.Of(runs, static r => r.UpdateP50Ms), "N1")} ms");
        Console.WriteLine($"  ack -> watcher update, p99:        {Spread.Show(Spread.Of(runs, static r => r.UpdateP99Ms), "N1")} ms");
    }

    private static void PrintComparison(List<WatchRunResult> current, List<WatchRunResult> baseline, WatchBenchOptions options)
    {
        Comparison.PrintHeader(options.Runs);
        Row("events/s, no watchers", static r => r.Without, "N0");
        Row($"events/s, {options.Watchers:N0} watchers", static r => r.With, "N0");
        Row("ratio with/without watchers", static r => r.Ratio, "0.000");
        Row($"ingest ack p99 ms, paced {options.Rate:N0}/s", static r => r.AckP99Ms, "0.00");
        Row("ack -> watcher update p50 ms", static r => r.UpdateP50Ms, "0.0");
        Row("ack -> watcher update p99 ms", static r => r.UpdateP99Ms, "0.0");

        void Row(string metric, Func<WatchRunResult, double?> value, string format) =>
            Comparison.PrintRow(metric, current.ConvertAll(r => value(r)), baseline.ConvertAll(r => value(r)), format);
    }

    private static async Task<WatchRunResult> RunOnceAsync(IngestServerProcess server, WatchBenchOptions options, int run)
    {
        var channels = new GrpcChannel[options.Terminals];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = ServerChannel.Open(server.Address, manyStreams: false);
        }
        try
        {
            var terminals = IngestBenchmark.NewTerminals(options.Terminals);
            var ingest = new IngestBenchOptions { Duration = options.Duration, Warmup = Warmup, Terminals = options.Terminals };
            var seed = run * 100;
            var warmup = await PhaseRunner.RunAsync(server, channels, terminals, IngestPhase.Saturation(1), TimeSpan.FromSeconds(1), Warmup, 500_000, seed++);
            Console.WriteLine($"  warm-up (not recorded): {warmup.Rate:N0} events/s");
            var poolRate = Math.Max(2.5 * warmup.Rate, 20_000);

            double withoutRate = 0, withRate = 0;
            // Odd runs measure without watchers first, even runs with: drift on the shared host falls on both.
            foreach (var watched in run % 2 == 1 ? new[] { false, true } : [true, false])
            {
                var fleet = watched ? await FleetProcess.StartAsync(server.Address, options.Watchers) : null;
                var started = Stopwatch.GetTimestamp();
                PhaseResult result;
                try
                {
                    (result, _) = await IngestBenchmark.RunPhaseAsync(server, channels, terminals, IngestPhase.Saturation(1), ingest, poolRate, seed);
                }
                finally
                {
                    if (fleet is not null)
                    {
                        await fleet.DisposeAsync();
                    }
                }
                seed += 3;
                var label = watched ? $"with {options.Watchers:N0} watchers" : "no watchers";
                var delivered = fleet is null ? "" : $", {fleet.Delivered / Stopwatch.GetElapsedTime(started).TotalSeconds:N0} watch messages/s delivered";
                Console.WriteLine($"  saturation x1, {label}: {result.Rate:N0} events/s, server {result.ServerCores:N2} cores ({result.ServerMicrosecondsPerEvent:N2} µs/event), peak RSS {result.PeakRssMib:N0} MiB{delivered}");
                (watched ? ref withRate : ref withoutRate) = result.Rate;
            }

            await using var dashboards = await FleetProcess.StartAsync(server.Address, options.Watchers);
            await using var probes = await WatcherFleet.StartAsync(server.Address, ProbeWatchers, probes: true);
            var probe = new ProbeTerminal();
            using var stopProbe = new CancellationTokenSource();
            var probing = probe.RunAsync(server.Address, stopProbe.Token);
            var (paced, _) = await IngestBenchmark.RunPhaseAsync(server, channels, terminals, IngestPhase.Paced(options.Rate), ingest, options.Rate * 1.1, seed);
            await stopProbe.CancelAsync();
            await probing.WaitAsync(TimeSpan.FromSeconds(30));
            var (p50, p99, samples) = await ProbeLatencyAsync(probe, probes);
            Console.WriteLine($"  paced {options.Rate:N0}/s with {options.Watchers:N0} + {ProbeWatchers} watchers: {paced.Rate:N0} events/s, ack p99 {paced.P99Microseconds / 1000:N1} ms; "
                + $"ack -> national watcher update over {samples:N0} (probe, watcher) pairs: p50 {p50:N1} ms, p99 {p99:N1} ms");
            return new WatchRunResult(withoutRate, withRate, paced.P99Microseconds / 1000, p50, p99);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>
    /// For every probe and every national watcher: from the probe's ack to the first message showing its count
    /// (0 when the message arrived first: the server counts before it acks). Waits, bounded, for every national
    /// watcher to show the last probe.
    /// </summary>
    private static async Task<(double? P50Ms, double? P99Ms, long Samples)> ProbeLatencyAsync(ProbeTerminal probe, WatcherFleet fleet)
    {
        var last = (ulong)probe.AckTimestamps.Count;
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 10);
        var histogram = new LatencyHistogram();
        foreach (var series in fleet.ProbeSeries)
        {
            // The reader appends as messages come: poll (a bench, not a test) for the last probe, bounded.
            while (LastCount(series) < last)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"A national watcher never showed probe {last} (it shows {LastCount(series)}).");
                }
                await Task.Delay(5);
            }
            (long Timestamp, ulong ProbeCount)[] seen;
            lock (series)
            {
                seen = [.. series];
            }
            var next = 0;
            for (var k = 1ul; k <= last; k++)
            {
                while (seen[next].ProbeCount < k)
                {
                    next++;
                }
                histogram.Record(Math.Max(0, seen[next].Timestamp - probe.AckTimestamps[(int)k - 1]));
            }
        }
        return (histogram.PercentileMicroseconds(0.50) / 1000, histogram.PercentileMicroseconds(0.99) / 1000, histogram.Count);
    }

    private static ulong LastCount(List<(long Timestamp, ulong ProbeCount)> series)
    {
        lock (series)
        {
            return series.Count == 0 ? 0 : series[^1].ProbeCount;
        }
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>Prints the set-up, each phase as it ends, each run's check and memory, and the summary: medians [min–max] and the targets.</summary>
internal static class IngestReport
{
    /// <summary>The issue's targets on this machine: durable events per second, and ack p99 at half that rate.</summary>
    public const double TargetRate = 100_000;
    public const double TargetP99Milliseconds = 50;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void PrintHeader(IngestBenchOptions options, IReadOnlyList<SimulatedTerminal> terminals)
    {
        var memory = ProcFs.ReadMemTotalKib() is { } kib ? $"{kib / 1024.0 / 1024.0:0.0} GiB" : "? GiB";
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {memory}, {RuntimeInformation.OSDescription}, client on {RuntimeInformation.FrameworkDescription}");
        var checkpoints = new HashSet<string>();
        foreach (var terminal in terminals)
        {
            checkpoints.Add(terminal.CheckpointId);
        }
        Console.WriteLine(string.Create(Invariant,
            $"load:    {options.Terminals} terminals at {checkpoints.Count} checkpoints, each its own Ingest stream, over {options.ConnectionCount} connection(s); " +
            $"batches of {TerminalBatches.MinBatchEvents}-{TerminalBatches.MaxBatchEvents} events, built before each phase"));
        Console.WriteLine(string.Create(Invariant,
            $"phases:  saturation with {string.Join(", ", options.InFlight)} batch(es) in flight per terminal, then paced at " +
            $"{(options.Rate is { } rate ? rate.ToString("N0", Invariant) + " events/s" : "half the run's best saturation rate")}; " +
            $"{options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s measured each; {options.Runs} run(s), each on a fresh server and data directory"));
        PrintBuilds(options.Builds);
    }

    /// <summary>Which server builds are measured; with two, that they alternate.</summary>
    public static void PrintBuilds(IReadOnlyList<ServerBuild> builds)
    {
        if (builds.Count == 1)
        {
            Console.WriteLine($"server:  {builds[0]}");
            return;
        }
        Console.WriteLine("servers: each run measures both, one after the other on the same load, each on a fresh data directory and free ports; the order swaps run by run");
        foreach (var build in builds)
        {
            Console.WriteLine($"         {build}");
        }
    }

    public static void PrintServer(IngestServerProcess server)
    {
        var rss = ProcFs.ReadStatusKib(server.Pid, "VmRSS") is { } kib ? kib / 1024.0 : (double?)null;
        Console.WriteLine(string.Create(Invariant, $"  server: {server}; RSS when ready {Num(rss, "0")} MiB"));
    }

    public static void PrintPhase(PhaseResult r)
    {
        var lag = r.ScheduleLagP99Microseconds is { } l ? $"  send lag p99 {Ms(l)} ms" : "";
        Console.WriteLine(string.Create(Invariant,
            $"  {r.Phase.Name,-20} {r.Rate,9:N0} events/s  ack p50 {Ms(r.P50Microseconds),7} p99 {Ms(r.P99Microseconds),7} max {Ms(r.MaxMicroseconds),7} ms{lag}  " +
            $"server {Num(r.ServerCores, "0.00")} cores {Num(r.ServerMicrosecondsPerEvent, "0.00")} µs/event  client {r.ClientCores:0.00} cores  " +
            $"peak RSS {Num(r.PeakRssMib, "0")} MiB  {r.EventsPerAck:0} events/ack"));
        var threads = new StringBuilder("      server threads (cores):");
        for (var i = 0; i < r.ServerThreads.Count && i < 5; i++)
        {
            var (name, count, cores) = r.ServerThreads[i];
            threads.Append(string.Create(Invariant, $" {name} x{count} {cores:0.00};"));
        }
        threads.Append(string.Create(Invariant, $" busiest single thread {r.BusiestThread.Name} {r.BusiestThread.Cores:0.00}"));
        Console.WriteLine(threads.ToString());
    }

    public static void PrintRunEnd(CountCheck check, IngestServerProcess server, double? runPeakRssMib)
    {
        var verdict = check.Equal ? "equal" : "NOT EQUAL";
        Console.WriteLine(string.Create(Invariant,
            $"  check: {check.AckedEvents:N0} events acknowledged, {check.AckedPeople:N0} people; the server's national totals: {check.CountedPeople:N0} people — {verdict}"));
        var rss = ProcFs.ReadStatusKib(server.Pid, "VmRSS") is { } kib ? kib / 1024.0 : (double?)null;
        var store = server.StoreBytes;
        Console.WriteLine(string.Create(Invariant,
            $"  server memory: peak RSS over the run {Num(runPeakRssMib, "0")} MiB, RSS at the end {Num(rss, "0")} MiB; " +
            $"store on disk {store / 1024.0 / 1024.0:N0} MiB ({(check.AckedEvents > 0 ? (double)store / check.AckedEvents : 0):0} B/event)"));
    }

    /// <summary>The summary table and the targets; <paramref name="build"/> names the server when there are several.</summary>
    public static void PrintSummary(IReadOnlyList<PhaseResult> results, IReadOnlyList<string> phaseKeys, int runs, string? build)
    {
        var of = build is null ? "" : $" of the {build} server";
        Console.WriteLine($"\nsummary{of}: median [min–max] over {runs} run(s); ack latency in ms (send to ack); server CPU in cores and µs per durable event");
        Console.WriteLine(string.Create(Invariant,
            $"{"phase",-16} {"durable events/s",-30} {"ack p50 ms",-20} {"ack p99 ms",-22} {"ack max ms",-22} {"server cores",-18} {"server µs/event",-20} {"client cores",-18} {"peak RSS MiB",-16}"));
        foreach (var key in phaseKeys)
        {
            var mine = Select(results, key);
            Console.WriteLine(string.Create(Invariant,
                $"{key,-16} {Spread.Show(Spread.Of(mine, static r => r.Rate), "N0"),-30} {Spread.Show(Spread.Of(mine, static r => r.P50Microseconds / 1000), "0.00"),-20} " +
                $"{Spread.Show(Spread.Of(mine, static r => r.P99Microseconds / 1000), "0.00"),-22} {Spread.Show(Spread.Of(mine, static r => r.MaxMicroseconds / 1000), "0.00"),-22} " +
                $"{Spread.Show(Spread.Of(mine, static r => r.ServerCores), "0.00"),-18} {Spread.Show(Spread.Of(mine, static r => r.ServerMicrosecondsPerEvent), "0.00"),-20} " +
                $"{Spread.Show(Spread.Of(mine, static r => r.ClientCores), "0.00"),-18} {Spread.Show(Spread.Of(mine, static r => r.PeakRssMib), "0"),-16}"));
        }
        PrintTargets(results, phaseKeys);
    }

    private static void PrintTargets(IReadOnlyList<PhaseResult> results, IReadOnlyList<string> phaseKeys)
    {
        var best = 0.0;
        var bestKey = "-";
        foreach (var key in phaseKeys)
        {
            if (key != "paced" && Spread.Of(Select(results, key), static r => r.Rate) is { } rate && rate.Median > best)
            {
                best = rate.Median;
                bestKey = key;
            }
        }
        Console.WriteLine(string.Create(Invariant,
            $"\ntarget >= {TargetRate:N0} durable events/s: best median {best:N0} ({bestKey}) = {best / TargetRate:0.00} of the target — {(best >= TargetRate ? "met" : "NOT met")}"));
        var paced = Select(results, "paced");
        if (Spread.Of(paced, static r => r.P99Microseconds / 1000) is { } p99 && Spread.Of(paced, static r => r.Phase.Rate) is { } rate2)
        {
            var under = p99.Median < TargetP99Milliseconds ? "under" : "OVER";
            var caveat = rate2.Median >= TargetRate / 2
                ? ""
                : string.Create(Invariant, $", but at {rate2.Median / (TargetRate / 2):0.00} of the target's rate (pass --rate {TargetRate / 2:0} to test it there)");
            Console.WriteLine(string.Create(Invariant,
                $"target ack p99 < {TargetP99Milliseconds:0} ms at {TargetRate / 2:N0} events/s: paced at {rate2.Median:N0} events/s (median), p99 {p99.Median:0.00} ms, {under} {TargetP99Milliseconds:0} ms{caveat}"));
        }
    }

    private static List<PhaseResult> Select(IReadOnlyList<PhaseResult> results, string key)
    {
        var selected = new List<PhaseResult>();
        foreach (var result in results)
        {
            if (result.Phase.Key == key)
            {
                selected.Add(result);
            }
        }
        return selected;
    }

    private static string Ms(double? microseconds) => Num(microseconds / 1000, "0.00");

    private static string Num(double? value, string format) => value?.ToString(format, Invariant) ?? "-";
}

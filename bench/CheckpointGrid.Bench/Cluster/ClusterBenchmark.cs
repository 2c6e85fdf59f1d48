using System.Globalization;
using System.Runtime.InteropServices;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Bench.Servers;
using CheckpointGrid.Testing.Postgres;
using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Cluster;

/// <summary>
/// The <c>cluster</c> command: the server as a cluster on a private PostgreSQL (the tests' <see cref="PostgresInstance"/>:
/// fsync on, PostgreSQL's defaults). Each run measures every cluster size in turn (the order rotated run by run), each
/// on a fresh database and fresh silos, with the <c>ingest</c> command's terminals and phases spread over the silos'
/// gRPC ports: saturation, then paced phases; beside the silos' CPU, each window reads PostgreSQL's CPU and write rate
/// and the roll-up grains' calls (<see cref="ClusterProbe"/>). Then the fail-over trials (<see cref="FailoverTrial"/>),
/// kill -9 and SIGSTOP alternating, each on a fresh 3-silo cluster.
/// </summary>
internal static class ClusterBenchmark
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const double PoolFloorRate = 20_000;
    private const double WarmupPoolRate = 300_000;

    public static async Task<int> RunAsync(ClusterBenchOptions options)
    {
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => ClusterSilos.KillLive());
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => ClusterSilos.KillLive());
        PrintHeader(options);
        await using var postgres = await PostgresInstance.StartAsync(options.PostgresSettings);
        var postmaster = ClusterProbe.ReadPostmasterPid(Path.Combine(postgres.Directory, "data"));
        Console.WriteLine($"postgres: {postgres.ConnectionString()} (pid {postmaster}), data in {postgres.Directory}; settings beyond the defaults: " +
            (options.PostgresSettings.Count == 0 ? "none" : string.Join(", ", options.PostgresSettings.Select(p => $"{p.Key} = {p.Value}"))));
        var results = new Dictionary<int, List<PhaseResult>>();
        var failures = 0;
        try
        {
            if (options.Load)
            {
                foreach (var silos in options.Silos)
                {
                    results[silos] = [];
                }
                for (var run = 1; run <= options.Runs; run++)
                {
                    for (var turn = 0; turn < options.Silos.Count; turn++)
                    {
                        var silos = options.Silos[(run - 1 + turn) % options.Silos.Count];
                        Console.WriteLine($"\nrun {run}/{options.Runs}, {silos} silo(s); load average {LoadAverage()}");
                        var (phases, equal) = await RunLoadAsync(postgres, postmaster, silos, options, run);
                        results[silos].AddRange(phases);
                        failures += equal ? 0 : 1;
                        Console.WriteLine($"  load average {LoadAverage()}");
                    }
                }
            }
            var trials = new List<FailoverTrial.Result>();
            for (var trial = 1; trial <= options.FailoverTrials; trial++)
            {
                foreach (var signal in trial % 2 == 1 ? new[] { "KILL", "STOP" } : ["STOP", "KILL"])
                {
                    var result = await FailoverTrial.RunAsync(postgres, signal);
                    trials.Add(result);
                    Console.WriteLine(string.Create(Invariant,
                        $"\nfail-over trial {trial}/{options.FailoverTrials}, SIG{signal}: {result.Seconds:0.00} s until every checkpoint took an event again " +
                        $"(the victim listed dead after {(result.DeadAfterSeconds is { } dead ? dead.ToString("0.00", Invariant) + " s" : "-")}); " +
                        $"the victim had {result.VictimCheckpoints} checkpoint grain(s); {result.InterruptedCheckpoints} checkpoint(s) had failed calls ({result.FailedCalls} calls), " +
                        $"{result.FailuresAfterRecovery} failed again within 2 s of the recovery; load average {LoadAverage()}{(result.Error is null ? "" : "; " + result.Error)}"));
                    failures += result.Error is null ? 0 : 1;
                    if (result.SurvivorOutput.Length > 0)
                    {
                        Console.WriteLine($"  the survivors' last output:\n{result.SurvivorOutput}");
                    }
                }
            }
            PrintSummary(options, results, trials);
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"\nbenchmark failed: {ex}");
            return 1;
        }
        return failures == 0 ? 0 : 1;
    }

    private static async Task<(List<PhaseResult> Phases, bool Equal)> RunLoadAsync(PostgresInstance postgres, int postmaster, int silos, ClusterBenchOptions options, int run)
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var cluster = await ClusterSilos.StartAsync(silos, database);
        foreach (var silo in cluster.Silos)
        {
            IngestReport.PrintServer(silo);
        }
        // One connection per terminal, terminal i on silo i mod N: as the agents of a real deployment spread over the silos.
        var channels = new GrpcChannel[options.Terminals];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = ServerChannel.Open(cluster.Silos[i % silos].Address, manyStreams: false);
        }
        using var status = ServerChannel.Open(cluster.Silos[0].Address, manyStreams: true);
        try
        {
            var probe = new ClusterProbe(database, postmaster, status, cluster.Silos);
            var terminals = IngestBenchmark.NewTerminals(options.Terminals);
            var seed = run * 100 + silos;
            var warmup = await PhaseRunner.RunAsync(
                cluster.Silos, channels, terminals, IngestPhase.Saturation(options.InFlight[^1]), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), WarmupPoolRate, seed++, probe: null);
            Console.WriteLine($"  warm-up ({warmup.Phase.Name}, not recorded): {warmup.Rate:N0} events/s");
            var poolRate = Math.Max(2.5 * warmup.Rate, PoolFloorRate);
            var phases = new List<PhaseResult>();
            var best = 0.0;
            foreach (var inFlight in options.InFlight)
            {
                PhaseResult result;
                (result, poolRate) = await IngestBenchmark.RunPhaseAsync(
                    cluster.Silos, channels, terminals, IngestPhase.Saturation(inFlight), options.Warmup, options.Duration, poolRate, seed, probe);
                seed += 3;
                Print(result);
                phases.Add(result);
                best = Math.Max(best, result.Rate);
                poolRate = Math.Max(poolRate, 1.5 * best);
            }
            foreach (var rate in options.Rates)
            {
                var (paced, _) = await IngestBenchmark.RunPhaseAsync(
                    cluster.Silos, channels, terminals, IngestPhase.Paced(rate), options.Warmup, options.Duration, rate * 1.1, seed, probe);
                seed += 3;
                Print(paced);
                phases.Add(paced);
            }
            var check = await CountCheck.RunAsync(channels[0], terminals);
            Console.WriteLine(string.Create(Invariant,
                $"  check: {check.AckedEvents:N0} events acknowledged, {check.AckedPeople:N0} people; the cluster's national totals: {check.CountedPeople:N0} people — {(check.Equal ? "equal" : "NOT EQUAL")}"));
            foreach (var silo in cluster.Silos)
            {
                if (silo.Problems > 0)
                {
                    Console.WriteLine($"  {silo} printed {silo.Problems} warning(s) or error(s) under load; its last output:\n{silo.RecentOutput}");
                }
            }
            return (phases, check.Equal);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static void Print(PhaseResult result)
    {
        IngestReport.PrintPhase(result);
        Console.WriteLine("      " + string.Join("; ", result.Extra.Select(pair => string.Create(Invariant, $"{pair.Key} {pair.Value:0.00}"))));
    }

    private static void PrintHeader(ClusterBenchOptions options)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}; load average {LoadAverage()}");
        Console.WriteLine(string.Create(Invariant,
            $"cluster: {string.Join(" and ", options.Silos)} silo(s) on one private PostgreSQL, {options.Terminals} terminals (one connection each, terminal i on silo i mod N); " +
            $"saturation x{string.Join(", x", options.InFlight)}, paced at {string.Join(", ", options.Rates.Select(r => r.ToString("N0", Invariant)))} events/s; " +
            $"{options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s measured each; {options.Runs} run(s){(options.Load ? "" : " (load runs skipped)")}; " +
            $"{options.FailoverTrials} fail-over trial(s) each of kill -9 and SIGSTOP on 3 silos"));
        Console.WriteLine($"server:  {ServerBuild.Current}");
    }

    private static void PrintSummary(ClusterBenchOptions options, Dictionary<int, List<PhaseResult>> results, List<FailoverTrial.Result> trials)
    {
        foreach (var (silos, phases) in results)
        {
            Console.WriteLine(string.Create(Invariant, $"\nsummary, {silos} silo(s): median [min–max] over {options.Runs} run(s); ack latency in ms; server = all silos"));
            var extraKeys = new List<string>
            {
                ClusterProbe.PostgresCores, ClusterProbe.Transactions, ClusterProbe.WalBytes, ClusterProbe.NationalUpdates, ClusterProbe.RegionUpdates,
            };
            for (var i = 0; i < silos; i++)
            {
                extraKeys.Add(ClusterProbe.SiloCores(i));
            }
            foreach (var name in phases.Select(p => p.Phase.Name).Distinct())
            {
                var mine = phases.Where(p => p.Phase.Name == name).ToList();
                Console.WriteLine(string.Create(Invariant,
                    $"  {name,-16} {Spread.Show(Spread.Of(mine, static r => r.Rate), "N0")} events/s; ack p50 {Spread.Show(Spread.Of(mine, static r => r.P50Microseconds / 1000), "0.00")} " +
                    $"p99 {Spread.Show(Spread.Of(mine, static r => r.P99Microseconds / 1000), "0.00")} max {Spread.Show(Spread.Of(mine, static r => r.MaxMicroseconds / 1000), "0.00")}; " +
                    $"server cores {Spread.Show(Spread.Of(mine, static r => r.ServerCores), "0.00")}, µs/event {Spread.Show(Spread.Of(mine, static r => r.ServerMicrosecondsPerEvent), "0.00")}; " +
                    $"client cores {Spread.Show(Spread.Of(mine, static r => r.ClientCores), "0.00")}; peak RSS MiB (largest silo) {Spread.Show(Spread.Of(mine, static r => r.PeakRssMib), "0")}"));
                Console.WriteLine("      " + string.Join("; ", extraKeys.Select(key =>
                    $"{key} {Spread.Show(Spread.Of(mine, r => r.Extra.TryGetValue(key, out var v) ? v : null), "0.00")}")));
            }
        }
        foreach (var signal in new[] { "KILL", "STOP" })
        {
            var mine = trials.Where(t => t.Signal == signal && t.Error is null).ToList();
            if (trials.Any(t => t.Signal == signal))
            {
                Console.WriteLine(string.Create(Invariant,
                    $"\nfail-over after SIG{signal}: {Spread.Show(Spread.Of(mine.Select(t => (double?)t.Seconds)), "0.00")} s (median [min–max] of {mine.Count} trial(s); " +
                    $"{trials.Count(t => t.Signal == signal && t.Error is not null)} did not recover); per trial: {string.Join(", ", trials.Where(t => t.Signal == signal).Select(t => t.Seconds.ToString("0.00", Invariant)))}; " +
                    $"victim listed dead after {Spread.Show(Spread.Of(mine.Select(t => t.DeadAfterSeconds)), "0.00")} s"));
            }
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

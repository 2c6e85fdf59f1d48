using System.Globalization;
using System.Runtime.InteropServices;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Rpc;

/// <summary>Prints the machine, each measurement as it comes, and the summary: medians [min–max] and ratios ours/peer.</summary>
internal static class ResultReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void PrintHeader(RpcBenchOptions options, IReadOnlyList<LoadTarget> targets)
    {
        var memory = ProcFs.ReadMemTotalKib() is { } kib ? $"{kib / 1024.0 / 1024.0:0.0} GiB" : "? GiB";
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {memory}, {RuntimeInformation.OSDescription}, client on {RuntimeInformation.FrameworkDescription}");
        foreach (var target in targets)
        {
            Console.WriteLine($"server:  {target.Description} at {target.Address}");
        }
        Console.WriteLine(string.Create(Invariant,
            $"load:    {options.Duration.TotalSeconds:0} s measured per scenario after {options.Warmup.TotalSeconds:0} s warm-up; " +
            $"{options.Connections} connection(s) per server; N = {options.Concurrency}; {options.Runs} run(s); 100-byte payloads"));
    }

    public static void PrintResult(ScenarioResult r) => Console.WriteLine(string.Create(Invariant,
        $"  {r.Scenario,-20} {r.Target,-7} {r.Rate,12:N0} {r.Unit,-14} p50 {Us(r.P50Microseconds),7} p99 {Us(r.P99Microseconds),7}  " +
        $"server {Num(r.ServerCores, "0.00"),5} cores {Num(r.ServerMicrosecondsPerOperation, "0.0"),6} µs/op  " +
        $"client {r.ClientCores:0.00} cores  peak RSS {Num(r.PeakRssMib, "0"),4} MiB  connections open {r.Connections}"));

    public static void PrintSummary(IReadOnlyList<ScenarioResult> results, IReadOnlyList<Scenario> scenarios, IReadOnlyList<LoadTarget> targets, int runs)
    {
        Console.WriteLine($"\nsummary: median [min–max] over {runs} run(s); latencies in µs; server CPU in cores and µs per operation");
        Console.WriteLine(string.Create(Invariant,
            $"{"scenario",-20} {"server",-7} {"rate",-32} {"p50 µs",-22} {"p99 µs",-22} {"server cores",-18} {"server µs/op",-22} {"client cores",-18} {"peak RSS MiB",-16}"));
        foreach (var scenario in scenarios)
        {
            foreach (var target in targets)
            {
                var mine = Select(results, scenario.Name, target.Name);
                Console.WriteLine(string.Create(Invariant,
                    $"{scenario.Name,-20} {target.Name,-7} {Spread.Show(Spread.Of(mine, static r => r.Rate), "N0") + " " + scenario.Unit,-32} " +
                    $"{Spread.Show(Spread.Of(mine, static r => r.P50Microseconds), "N0"),-22} {Spread.Show(Spread.Of(mine, static r => r.P99Microseconds), "N0"),-22} " +
                    $"{Spread.Show(Spread.Of(mine, static r => r.ServerCores), "0.00"),-18} {Spread.Show(Spread.Of(mine, static r => r.ServerMicrosecondsPerOperation), "0.0"),-22} " +
                    $"{Spread.Show(Spread.Of(mine, static r => r.ClientCores), "0.00"),-18} {Spread.Show(Spread.Of(mine, static r => r.PeakRssMib), "0"),-16}"));
            }
        }
        if (targets.Count > 1)
        {
            PrintRatios(results, scenarios, targets[0].Name, targets[1].Name);
        }
    }

    private static void PrintRatios(IReadOnlyList<ScenarioResult> results, IReadOnlyList<Scenario> scenarios, string ours, string peer)
    {
        Console.WriteLine($"\nratios {ours}/{peer} of the medians (rate: above 1 is faster; latency, CPU and RSS: below 1 is better)");
        Console.WriteLine($"{"scenario",-20} {"rate",8} {"p50",8} {"p99",8} {"µs/op",8} {"RSS",8}");
        foreach (var scenario in scenarios)
        {
            var a = Select(results, scenario.Name, ours);
            var b = Select(results, scenario.Name, peer);
            Console.WriteLine(string.Create(Invariant,
                $"{scenario.Name,-20} {Ratio(a, b, static r => r.Rate),8} {Ratio(a, b, static r => r.P50Microseconds),8} " +
                $"{Ratio(a, b, static r => r.P99Microseconds),8} {Ratio(a, b, static r => r.ServerMicrosecondsPerOperation),8} {Ratio(a, b, static r => r.PeakRssMib),8}"));
        }
    }

    private static List<ScenarioResult> Select(IReadOnlyList<ScenarioResult> results, string scenario, string target)
    {
        var selected = new List<ScenarioResult>();
        foreach (var result in results)
        {
            if (result.Scenario == scenario && result.Target == target)
            {
                selected.Add(result);
            }
        }
        return selected;
    }

    private static string Ratio(List<ScenarioResult> a, List<ScenarioResult> b, Func<ScenarioResult, double?> metric) =>
        Spread.Of(a, metric) is { } x && Spread.Of(b, metric) is { Median: > 0 } y
            ? (x.Median / y.Median).ToString("0.00", Invariant)
            : "-";

    private static string Us(double? microseconds) => Num(microseconds, "N0");

    private static string Num(double? value, string format) => value?.ToString(format, Invariant) ?? "-";
}

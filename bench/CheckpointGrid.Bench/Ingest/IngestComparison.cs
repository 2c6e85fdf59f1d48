using System.Globalization;
using CheckpointGrid.Bench.Measurement;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// The <c>ingest --baseline</c> summary: durable events/s at each saturation level and the best of each run,
/// and ack p50/p99 at the paced rate, new against baseline.
/// </summary>
internal static class IngestComparison
{
    /// <summary>Prints the rows; <paramref name="current"/>[i] and <paramref name="baseline"/>[i] are run i + 1's phases.</summary>
    public static void Print(
        IReadOnlyList<string> phaseKeys, IReadOnlyList<List<PhaseResult>> current, IReadOnlyList<List<PhaseResult>> baseline, double? pacedRate)
    {
        Comparison.PrintHeader(current.Count);
        foreach (var key in phaseKeys)
        {
            if (key != "paced")
            {
                Comparison.PrintRow($"durable events/s, {key}", PerRun(current, key, static r => r.Rate), PerRun(baseline, key, static r => r.Rate), "N0");
            }
        }
        Comparison.PrintRow("durable events/s, best saturation", BestPerRun(current), BestPerRun(baseline), "N0");
        var paced = pacedRate is { } rate ? string.Create(CultureInfo.InvariantCulture, $"paced {rate:N0}/s") : "paced";
        Comparison.PrintRow($"ack p50 ms, {paced}", PerRun(current, "paced", static r => r.P50Microseconds / 1000), PerRun(baseline, "paced", static r => r.P50Microseconds / 1000), "0.00");
        Comparison.PrintRow($"ack p99 ms, {paced}", PerRun(current, "paced", static r => r.P99Microseconds / 1000), PerRun(baseline, "paced", static r => r.P99Microseconds / 1000), "0.00");
        Comparison.PrintRow("durable events/s, paced", PerRun(current, "paced", static r => r.Rate), PerRun(baseline, "paced", static r => r.Rate), "N0");
    }

    private static List<double?> PerRun(IReadOnlyList<List<PhaseResult>> runs, string key, Func<PhaseResult, double?> metric)
    {
        var values = new List<double?>(runs.Count);
        foreach (var run in runs)
        {
            double? value = null;
            foreach (var result in run)
            {
                if (result.Phase.Key == key)
                {
                    value = metric(result);
                }
            }
            values.Add(value);
        }
        return values;
    }

    private static List<double?> BestPerRun(IReadOnlyList<List<PhaseResult>> runs)
    {
        var values = new List<double?>(runs.Count);
        foreach (var run in runs)
        {
            double? best = null;
            foreach (var result in run)
            {
                if (result.Phase.Rate is null)
                {
                    best = Math.Max(best ?? 0, result.Rate);
                }
            }
            values.Add(best);
        }
        return values;
    }
}

using System.Globalization;

namespace CheckpointGrid.Bench.Measurement;

/// <summary>
/// The A/B summary: per metric, each build's median [min–max] over the runs, the ratio of the medians
/// new/baseline, and the spread of the per-run ratios (every run measured both builds on the same load,
/// one after the other, so a run's ratio has less of the shared host's drift in it).
/// </summary>
internal static class Comparison
{
    private const string RatioFormat = "0.000";

    public static void PrintHeader(int runs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nA/B: new vs baseline over {runs} run(s), each run both servers on the same load, the order swapped run by run; median [min–max]"));
        Console.WriteLine($"{"metric",-34} {"new",-30} {"baseline",-30} {"new/baseline",-13} {"per-run new/baseline",-22}");
    }

    /// <summary>One metric's row; <paramref name="current"/>[i] and <paramref name="baseline"/>[i] are run i + 1's values (null: not measured).</summary>
    public static void PrintRow(string metric, IReadOnlyList<double?> current, IReadOnlyList<double?> baseline, string format)
    {
        var ratios = new List<double?>(current.Count);
        for (var i = 0; i < current.Count && i < baseline.Count; i++)
        {
            ratios.Add(baseline[i] is > 0 ? current[i] / baseline[i] : null);
        }
        var a = Spread.Of(current);
        var b = Spread.Of(baseline);
        var ratio = a is { } x && b is { Median: > 0 } y ? (x.Median / y.Median).ToString(RatioFormat, CultureInfo.InvariantCulture) : "-";
        Console.WriteLine($"{metric,-34} {Spread.Show(a, format),-30} {Spread.Show(b, format),-30} {ratio,-13} {Spread.Show(Spread.Of(ratios), RatioFormat),-22}");
    }
}

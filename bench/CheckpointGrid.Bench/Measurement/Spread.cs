using System.Globalization;

namespace CheckpointGrid.Bench.Measurement;

/// <summary>The median and range of one metric over repeated runs.</summary>
internal readonly record struct Spread(double Median, double Min, double Max, int Count)
{
    /// <summary>The spread of the values present; null when no run had one.</summary>
    public static Spread? Of(IEnumerable<double?> values)
    {
        var present = new List<double>();
        foreach (var value in values)
        {
            if (value is { } v)
            {
                present.Add(v);
            }
        }
        if (present.Count == 0)
        {
            return null;
        }
        present.Sort();
        var middle = present.Count / 2;
        var median = present.Count % 2 == 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
        return new Spread(median, present[0], present[^1], present.Count);
    }

    /// <summary>The spread of a metric over results, leaving out those without it.</summary>
    public static Spread? Of<T>(IEnumerable<T> results, Func<T, double?> metric) => Of(results.Select(metric));

    /// <summary>"median [min–max]", just the median when there was one value, "-" when none.</summary>
    public static string Show(Spread? spread, string format)
    {
        if (spread is not { } s)
        {
            return "-";
        }
        var median = s.Median.ToString(format, CultureInfo.InvariantCulture);
        return s.Count > 1
            ? $"{median} [{s.Min.ToString(format, CultureInfo.InvariantCulture)}–{s.Max.ToString(format, CultureInfo.InvariantCulture)}]"
            : median;
    }
}

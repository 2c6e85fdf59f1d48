namespace CheckpointGrid.Cli.Sources;

/// <summary>
/// How busy a checkpoint is by hour of Panama's day (UTC−5, no daylight saving): little at night,
/// most in daylight, when people come out of the jungle, boats run and buses leave. Relative
/// weights, this tool's choice; their mean over a day is 1.
/// </summary>
public static class DayRhythm
{
    private static readonly TimeSpan PanamaOffset = TimeSpan.FromHours(-5);

    private static readonly double[] RawWeights =
    [
        0.15, 0.15, 0.15, 0.15, 0.15, 0.3, 0.6, 0.9, // 00–07
        1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, // 08–16
        1.3, 1.0, 0.7, 0.5, 0.35, 0.2, 0.2, // 17–23
    ];

    private static readonly double[] Weights = Normalize(RawWeights);

    private static readonly WeightedChoice<int> Hours = new([.. Enumerable.Range(0, 24)], Weights);

    /// <summary>The highest hourly weight.</summary>
    public static double MaxWeight { get; } = Weights.Max();

    /// <summary>The relative activity at an instant.</summary>
    public static double Weight(DateTimeOffset instant) => Weights[instant.ToOffset(PanamaOffset).Hour];

    /// <summary>The relative activity of an hour of Panama's day (0–23).</summary>
    public static double WeightOfHour(int hour) => Weights[hour];

    /// <summary>An instant on the given Panama calendar day, its hour drawn by the rhythm and its minute and second uniformly.</summary>
    public static DateTimeOffset SampleOn(DateOnly day, Random random)
    {
        var hour = Hours.Next(random);
        var second = random.Next(3600);
        var local = new DateTimeOffset(day.Year, day.Month, day.Day, hour, 0, 0, PanamaOffset).AddSeconds(second);
        return local.ToUniversalTime();
    }

    private static double[] Normalize(double[] raw)
    {
        var mean = raw.Average();
        var weights = new double[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            weights[i] = raw[i] / mean;
        }

        return weights;
    }
}

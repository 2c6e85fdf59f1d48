namespace CheckpointGrid.Cli.Sources;

/// <summary>
/// How many people one event records: mostly one person, sometimes a family group of 2–6 who
/// share sex and age band (a mixed family is one event per combination, as crossing.proto says).
/// Shares 1: 70 %, 2: 12 %, 3: 9 %, 4: 5 %, 5: 3 %, 6: 1 % — this tool's choice, not a published figure.
/// </summary>
public static class FamilySize
{
    private static readonly int[] Headcounts = [1, 2, 3, 4, 5, 6];
    private static readonly double[] Shares = [0.70, 0.12, 0.09, 0.05, 0.03, 0.01];
    private static readonly WeightedChoice<int> Sizes = new(Headcounts, Shares);

    /// <summary>People per event on average (1.62).</summary>
    public static double Mean { get; } = Headcounts.Zip(Shares, static (h, s) => h * s).Sum() / Shares.Sum();

    /// <summary>A headcount, at most <paramref name="max"/>.</summary>
    public static int Next(Random random, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return Math.Min(Sizes.Next(random), max);
    }
}

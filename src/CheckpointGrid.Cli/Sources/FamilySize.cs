namespace CheckpointGrid.Cli.Sources;

/// <summary>
/// How many people one event records: mostly one person, sometimes a family group of 2–6 who
/// share sex and age band (a mixed family is one event per combination, as crossing.proto says).
/// Shares 1: 70 %, 2: 12 %, 3: 9 %, 4: 5 %, 5: 3 %, 6: 1 % — this tool's choice, not a published figure.
/// </summary>
public static class FamilySize
{
    private static readonly WeightedChoice<int> Sizes = new([1, 2, 3, 4, 5, 6], [0.70, 0.12, 0.09, 0.05, 0.03, 0.01]);

    /// <summary>A headcount, at most <paramref name="max"/>.</summary>
    public static int Next(Random random, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return Math.Min(Sizes.Next(random), max);
    }
}

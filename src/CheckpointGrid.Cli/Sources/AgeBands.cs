using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Sources;

/// <summary>
/// Splits SNM's men, women, boys and girls into the protocol's age bands. SNM publishes only adult
/// or minor, so the shares within each are this tool's choice: adults 96 % 18–59 and 4 % 60+;
/// minors 40 % 0–4, 37 % 5–11 and 23 % 12–17 (young children are a large part of the minors
/// crossing). Each split is exact: the bands sum to the figure split.
/// </summary>
public static class AgeBands
{
    private static readonly AgeGroup[] AdultBands = [AgeGroup.Ages18To59, AgeGroup.Ages60Plus];
    private static readonly double[] AdultShares = [0.96, 0.04];
    private static readonly AgeGroup[] MinorBands = [AgeGroup.Ages0To4, AgeGroup.Ages5To11, AgeGroup.Ages12To17];
    private static readonly double[] MinorShares = [0.40, 0.37, 0.23];

    /// <summary>The ten sex/age cells and their people, in a fixed order (men, women, boys, girls; bands youngest first within each).</summary>
    public static IReadOnlyList<(Demographic Cell, int People)> Split(int men, int women, int boys, int girls)
    {
        var cells = new List<(Demographic, int)>(10);
        Add(cells, Sex.Male, men, AdultBands, AdultShares);
        Add(cells, Sex.Female, women, AdultBands, AdultShares);
        Add(cells, Sex.Male, boys, MinorBands, MinorShares);
        Add(cells, Sex.Female, girls, MinorBands, MinorShares);
        return cells;
    }

    private static void Add(List<(Demographic, int)> cells, Sex sex, int people, AgeGroup[] bands, double[] shares)
    {
        var parts = Apportion.LargestRemainder(people, shares);
        for (var i = 0; i < bands.Length; i++)
        {
            cells.Add((new Demographic(sex, bands[i]), parts[i]));
        }
    }
}

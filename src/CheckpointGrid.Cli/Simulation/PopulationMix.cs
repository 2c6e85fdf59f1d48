using CheckpointGrid.Cli.Data;
using CheckpointGrid.Cli.Sources;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>
/// Who crosses, from SNM's figures for a reference year: sex and age from the monthly table's men,
/// women, boys and girls (bands per <see cref="AgeBands"/>); nationality from the long form. The
/// southbound (reverse) flow is people going home to South America, so it draws from the same
/// year's South American nationalities only (mostly Venezuelans).
/// </summary>
public sealed class PopulationMix
{
    private static readonly HashSet<string> SouthAmerican =
        new(["VEN", "COL", "ECU", "PER", "CHL", "BRA", "BOL", "ARG", "URY", "PRY", "GUY", "SUR", "GUF"], StringComparer.Ordinal);

    private readonly WeightedChoice<Demographic> _demographics;
    private readonly WeightedChoice<string> _northbound;
    private readonly WeightedChoice<string> _southbound;

    public PopulationMix(int referenceYear, IReadOnlyList<SnmMonth> months, SnmNationalityTable nationalities)
    {
        int men = 0, women = 0, boys = 0, girls = 0;
        foreach (var month in months)
        {
            if (month.Year == referenceYear)
            {
                men += month.Men;
                women += month.Women;
                boys += month.Boys;
                girls += month.Girls;
            }
        }

        if (men + women + boys + girls == 0)
        {
            throw new ArgumentException($"The monthly table has no people in {referenceYear}.", nameof(referenceYear));
        }

        var cells = AgeBands.Split(men, women, boys, girls);
        var demographics = new List<Demographic>();
        var weights = new List<double>();
        foreach (var (cell, people) in cells)
        {
            demographics.Add(cell);
            weights.Add(people);
        }

        _demographics = new WeightedChoice<Demographic>(demographics, weights);
        var year = nationalities.ForYear(referenceYear);
        _northbound = Choice(year, static _ => true) ?? throw new ArgumentException($"The nationality table has no {referenceYear}.", nameof(referenceYear));
        _southbound = Choice(year, SouthAmerican.Contains) ?? new WeightedChoice<string>(["VEN"], [1.0]);
    }

    public Demographic NextDemographic(Random random) => _demographics.Next(random);

    public string NextNationality(Direction direction, Random random) =>
        direction == Direction.Southbound ? _southbound.Next(random) : _northbound.Next(random);

    private static WeightedChoice<string>? Choice(IReadOnlyList<NationalityPeople> counts, Func<string, bool> include)
    {
        var codes = new List<string>();
        var weights = new List<double>();
        foreach (var count in counts)
        {
            if (count.People > 0 && include(count.Nationality))
            {
                codes.Add(count.Nationality);
                weights.Add(count.People);
            }
        }

        return codes.Count == 0 ? null : new WeightedChoice<string>(codes, weights);
    }
}

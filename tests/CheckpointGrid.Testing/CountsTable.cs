using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Testing;

/// <summary>
/// Counts as a flat table, "MOVEMENT dimension value" to people, rows of zero left out: recounted from raw events
/// the obvious way, or read off a Counts message, so that expected and served counts compare row by row.
/// </summary>
public static class CountsTable
{
    private const string People = "people";

    /// <summary>The naive recount: every event adds its headcount to one row per dimension of its movement.</summary>
    public static SortedDictionary<string, ulong> Of(IEnumerable<CrossingEvent> events)
    {
        var table = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var crossing in events)
        {
            var movement = crossing.Movement;
            Add(table, movement, People, null, crossing.Headcount);
            Add(table, movement, "direction", crossing.Direction.ToString(), crossing.Headcount);
            Add(table, movement, "age_group", crossing.AgeGroup.ToString(), crossing.Headcount);
            Add(table, movement, "sex", crossing.Sex.ToString(), crossing.Headcount);
            Add(table, movement, "nationality", crossing.Nationality, crossing.Headcount);
        }

        return table;
    }

    /// <summary>The rows of a served Counts message.</summary>
    public static SortedDictionary<string, ulong> Of(Counts counts)
    {
        var table = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        Read(table, Movement.Arrival, counts.Arrival);
        Read(table, Movement.Departure, counts.Departure);
        Read(table, Movement.ShelterCheckIn, counts.ShelterCheckIn);
        Read(table, Movement.ShelterCheckOut, counts.ShelterCheckOut);
        Read(table, Movement.RepatriationBoarding, counts.RepatriationBoarding);
        return table;
    }

    /// <summary>The row-by-row sum of several tables.</summary>
    public static SortedDictionary<string, ulong> Sum(IEnumerable<SortedDictionary<string, ulong>> tables)
    {
        var sum = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var (row, people) in table)
            {
                sum[row] = sum.GetValueOrDefault(row) + people;
            }
        }

        return sum;
    }

    /// <summary>The table less its nationality rows (what a series without include_nationalities serves).</summary>
    public static SortedDictionary<string, ulong> WithoutNationalities(SortedDictionary<string, ulong> table) =>
        new(table.Where(r => !r.Key.Contains(" nationality ", StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);

    /// <summary>Fails listing every row that differs.</summary>
    /// <summary>Throws <see cref="CountsMismatchException"/> listing every row that differs.</summary>
    public static void AssertEqual(SortedDictionary<string, ulong> expected, SortedDictionary<string, ulong> actual, string what)
    {
        var differences = expected.Keys.Union(actual.Keys)
            .Where(row => expected.GetValueOrDefault(row) != actual.GetValueOrDefault(row))
            .Select(row => $"  {row}: expected {expected.GetValueOrDefault(row)}, served {actual.GetValueOrDefault(row)}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new CountsMismatchException($"{what}: {differences.Count} rows differ:\n{string.Join("\n", differences.Take(40))}");
        }
    }

    private static void Read(SortedDictionary<string, ulong> table, Movement movement, MovementTally? tally)
    {
        if (tally is null)
        {
            return;
        }

        Add(table, movement, People, null, tally.People);
        if (tally.ByDirection is { } direction)
        {
            Add(table, movement, "direction", nameof(Direction.Northbound), direction.Northbound);
            Add(table, movement, "direction", nameof(Direction.Southbound), direction.Southbound);
        }

        if (tally.ByAgeGroup is { } age)
        {
            Add(table, movement, "age_group", nameof(AgeGroup.Ages0To4), age.Ages0To4);
            Add(table, movement, "age_group", nameof(AgeGroup.Ages5To11), age.Ages5To11);
            Add(table, movement, "age_group", nameof(AgeGroup.Ages12To17), age.Ages12To17);
            Add(table, movement, "age_group", nameof(AgeGroup.Ages18To59), age.Ages18To59);
            Add(table, movement, "age_group", nameof(AgeGroup.Ages60Plus), age.Ages60Plus);
            Add(table, movement, "age_group", nameof(AgeGroup.Unknown), age.Unknown);
        }

        if (tally.BySex is { } sex)
        {
            Add(table, movement, "sex", nameof(Sex.Female), sex.Female);
            Add(table, movement, "sex", nameof(Sex.Male), sex.Male);
            Add(table, movement, "sex", nameof(Sex.Unknown), sex.Unknown);
        }

        foreach (var (code, people) in tally.ByNationality)
        {
            Add(table, movement, "nationality", code, people);
        }
    }

    private static void Add(SortedDictionary<string, ulong> table, Movement movement, string dimension, string? value, ulong people)
    {
        if (people == 0)
        {
            return;
        }

        var row = value is null ? $"{movement} {dimension}" : $"{movement} {dimension} {value}";
        table[row] = table.GetValueOrDefault(row) + people;
    }
}

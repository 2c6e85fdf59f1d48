using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// Counts as flat rows ("Arrival sex Female" to people, zero rows left out), recounted from raw events or read off a
/// served <see cref="Counts"/>, so that a mismatch names every row that differs.
/// </summary>
internal static class CountRows
{
    /// <summary>Fails listing every row where the served counts differ from the naive recount of <paramref name="events"/>.</summary>
    public static void AssertMatch(IEnumerable<CrossingEvent> events, Counts served, string what)
    {
        var expected = Of(events);
        var actual = Of(served);
        var differences = expected.Keys.Union(actual.Keys)
            .Where(row => expected.GetValueOrDefault(row) != actual.GetValueOrDefault(row))
            .Select(row => $"  {row}: expected {expected.GetValueOrDefault(row)}, served {actual.GetValueOrDefault(row)}")
            .ToList();
        Assert.True(differences.Count == 0, $"{what}: {differences.Count} rows differ:\n{string.Join("\n", differences)}");
    }

    /// <summary>Shelter check-ins less check-outs.</summary>
    public static long Occupants(IEnumerable<CrossingEvent> events) =>
        events.Sum(e => e.Movement switch
        {
            Movement.ShelterCheckIn => (long)e.Headcount,
            Movement.ShelterCheckOut => -(long)e.Headcount,
            _ => 0,
        });

    private static SortedDictionary<string, ulong> Of(IEnumerable<CrossingEvent> events)
    {
        var rows = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            Add(rows, $"{e.Movement} people", e.Headcount);
            Add(rows, $"{e.Movement} direction {e.Direction}", e.Headcount);
            Add(rows, $"{e.Movement} age_group {e.AgeGroup}", e.Headcount);
            Add(rows, $"{e.Movement} sex {e.Sex}", e.Headcount);
            Add(rows, $"{e.Movement} nationality {e.Nationality}", e.Headcount);
        }
        return rows;
    }

    private static SortedDictionary<string, ulong> Of(Counts counts)
    {
        var rows = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (movement, tally) in new[]
        {
            (Movement.Arrival, counts.Arrival),
            (Movement.Departure, counts.Departure),
            (Movement.ShelterCheckIn, counts.ShelterCheckIn),
            (Movement.ShelterCheckOut, counts.ShelterCheckOut),
            (Movement.RepatriationBoarding, counts.RepatriationBoarding),
        })
        {
            if (tally is null)
            {
                continue;
            }
            Add(rows, $"{movement} people", tally.People);
            Add(rows, $"{movement} direction {Direction.Northbound}", tally.ByDirection?.Northbound ?? 0);
            Add(rows, $"{movement} direction {Direction.Southbound}", tally.ByDirection?.Southbound ?? 0);
            Add(rows, $"{movement} age_group {AgeGroup.Ages0To4}", tally.ByAgeGroup?.Ages0To4 ?? 0);
            Add(rows, $"{movement} age_group {AgeGroup.Ages5To11}", tally.ByAgeGroup?.Ages5To11 ?? 0);
            Add(rows, $"{movement} age_group {AgeGroup.Ages12To17}", tally.ByAgeGroup?.Ages12To17 ?? 0);
            Add(rows, $"{movement} age_group {AgeGroup.Ages18To59}", tally.ByAgeGroup?.Ages18To59 ?? 0);
            Add(rows, $"{movement} age_group {AgeGroup.Ages60Plus}", tally.ByAgeGroup?.Ages60Plus ?? 0);
            Add(rows, $"{movement} age_group {AgeGroup.Unknown}", tally.ByAgeGroup?.Unknown ?? 0);
            Add(rows, $"{movement} sex {Sex.Female}", tally.BySex?.Female ?? 0);
            Add(rows, $"{movement} sex {Sex.Male}", tally.BySex?.Male ?? 0);
            Add(rows, $"{movement} sex {Sex.Unknown}", tally.BySex?.Unknown ?? 0);
            foreach (var (code, people) in tally.ByNationality)
            {
                Add(rows, $"{movement} nationality {code}", people);
            }
        }
        return rows;
    }

    private static void Add(SortedDictionary<string, ulong> rows, string row, ulong people)
    {
        if (people != 0)
        {
            rows[row] = rows.GetValueOrDefault(row) + people;
        }
    }
}

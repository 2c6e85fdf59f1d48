using System.Globalization;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Commands;

/// <summary>Prints a scope's counts for people: one line per movement with people.</summary>
internal static class CountsPrinter
{
    public static void Write(ScopeCounts counts, TextWriter output)
    {
        var culture = CultureInfo.InvariantCulture;
        var scope = counts.Scope?.TargetCase switch
        {
            Scope.TargetOneofCase.CheckpointId => $"checkpoint {counts.Scope.CheckpointId}",
            Scope.TargetOneofCase.Region => $"region {counts.Scope.Region}",
            _ => "national",
        };
        output.WriteLine(string.Create(culture, $"{scope} (version {counts.Version}, as of {counts.AsOf?.ToDateTimeOffset():u})"));
        if (counts.Shelter is { } shelter)
        {
            var capacity = shelter.HasCapacity ? shelter.Capacity.ToString(culture) : "unknown";
            output.WriteLine(string.Create(culture, $"  shelter: {shelter.Occupants} occupants, capacity {capacity}"));
        }

        var totals = counts.Totals ?? new Counts();
        Line(output, "arrival", totals.Arrival);
        Line(output, "departure", totals.Departure);
        Line(output, "shelter check-in", totals.ShelterCheckIn);
        Line(output, "shelter check-out", totals.ShelterCheckOut);
        Line(output, "repatriation", totals.RepatriationBoarding);
    }

    private static void Line(TextWriter output, string name, MovementTally? tally)
    {
        if (tally is null || tally.People == 0)
        {
            return;
        }

        var age = tally.ByAgeGroup ?? new AgeGroupCounts();
        var minors = age.Ages0To4 + age.Ages5To11 + age.Ages12To17;
        var adults = age.Ages18To59 + age.Ages60Plus;
        var top = string.Join(", ", tally.ByNationality.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(6).Select(p => $"{p.Key} {p.Value}"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name,-18} {tally.People,9} people | north {tally.ByDirection?.Northbound ?? 0}, south {tally.ByDirection?.Southbound ?? 0} | female {tally.BySex?.Female ?? 0}, male {tally.BySex?.Male ?? 0} | adults {adults}, minors {minors} | {top}"));
    }
}

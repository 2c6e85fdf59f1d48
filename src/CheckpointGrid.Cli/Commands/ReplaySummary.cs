using System.Globalization;
using CheckpointGrid.Cli.Replay;
using CheckpointGrid.Cli.Sources;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Commands;

/// <summary>Prints what a replay will send: the row, and the events' sums by sex/age and nationality.</summary>
internal static class ReplaySummary
{
    public static void Write(ReplayedMonth replayed, TextWriter output)
    {
        var row = replayed.Row;
        var people = 0L;
        var bySexAndAge = new long[4]; // men, women, boys, girls
        var byNationality = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in replayed.Events)
        {
            var e = item.Event;
            people += e.Headcount;
            var minor = new Demographic(e.Sex, e.AgeGroup).IsMinor;
            bySexAndAge[(minor ? 2 : 0) + (e.Sex == Sex.Male ? 0 : 1)] += e.Headcount;
            byNationality[e.Nationality] = byNationality.GetValueOrDefault(e.Nationality) + e.Headcount;
        }

        var (men, women, boys, girls) = (bySexAndAge[0], bySexAndAge[1], bySexAndAge[2], bySexAndAge[3]);
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture, $"replay {row.Label} (seed {replayed.Seed}): {replayed.Events.Count} events, {people} people; table total {row.Total}"));
        output.WriteLine(string.Create(culture, $"  men {men}/{row.Men}  women {women}/{row.Women}  boys {boys}/{row.Boys}  girls {girls}/{row.Girls}  (events/table)"));
        output.WriteLine(string.Create(culture, $"  other {row.Other} as {replayed.OtherBasis}: {string.Join(", ", byNationality.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"))}"));
    }
}

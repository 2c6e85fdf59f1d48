using CheckpointGrid.Cli.Data;
using CheckpointGrid.Cli.Sources;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Cli.Replay;

/// <summary>
/// Replays a month of darien_monthly_snm.csv as individual northbound arrivals at the Darién
/// reception stations, spread over the month's days with the day's rhythm, such that the events'
/// headcounts sum exactly to the row: by sex and age (men → adult male, women → adult female, boys
/// and girls → minor male and female, split into bands by <see cref="AgeBands"/>) and by
/// nationality (the named columns, and "other" per <see cref="OtherNationalities"/>). Deterministic:
/// the same row, table and options give the same events, event_ids included, so replaying a month
/// twice counts it once.
/// </summary>
public static class ReplayGenerator
{
    public static ReplayedMonth Generate(SnmMonth row, SnmNationalityTable nationalities, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Terminals.Count == 0)
        {
            throw new ArgumentException("Replay needs at least one terminal.", nameof(options));
        }

        var seed = options.Seed ?? (row.Year * 100) + row.Month;
        var random = new Random(seed);
        var cells = AgeBands.Split(row.Men, row.Women, row.Boys, row.Girls);
        var others = OtherNationalities.Resolve(row, nationalities.ForMonth(row.Year, row.Month), out var basis);
        var byNationality = NationalityMarginal(row, others);
        var days = DaysOf(row, options.NotAfter);

        var cellPeople = new int[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            cellPeople[i] = cells[i].People;
        }

        var nationalityPeople = new int[byNationality.Count];
        for (var j = 0; j < byNationality.Count; j++)
        {
            nationalityPeople[j] = byNationality[j].People;
        }

        var joint = MarginPairing.Pair(cellPeople, nationalityPeople);
        var drafts = new List<Draft>();
        for (var i = 0; i < cells.Count; i++)
        {
            for (var j = 0; j < byNationality.Count; j++)
            {
                var left = joint[i, j];
                while (left > 0)
                {
                    var headcount = FamilySize.Next(random, left);
                    var at = DayRhythm.SampleOn(days[random.Next(days.Count)], random);
                    if (at > options.NotAfter)
                    {
                        at = options.NotAfter;
                    }

                    drafts.Add(new Draft(at.UtcTicks, drafts.Count, i, j, headcount, random.Next(options.Terminals.Count)));
                    left -= headcount;
                }
            }
        }

        drafts.Sort(static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Order.CompareTo(b.Order));
        var events = new TerminalEvent[drafts.Count];
        for (var k = 0; k < drafts.Count; k++)
        {
            var draft = drafts[k];
            var terminal = options.Terminals[draft.Terminal];
            var cell = cells[draft.Cell].Cell;
            events[k] = new TerminalEvent(terminal, new CrossingEvent
            {
                EventId = $"snm-{row.Label}-s{seed}-{k + 1:D6}",
                CheckpointId = terminal.Checkpoint.Value,
                TerminalId = terminal.Terminal.Value,
                OccurredAt = Timestamp.FromDateTime(new DateTime(draft.Ticks, DateTimeKind.Utc)),
                Movement = Movement.Arrival,
                Direction = Direction.Northbound,
                Nationality = byNationality[draft.Nationality].Nationality,
                AgeGroup = cell.AgeGroup,
                Sex = cell.Sex,
                Headcount = (uint)draft.Headcount,
            });
        }

        return new ReplayedMonth(row, seed, cells, byNationality, basis, events);
    }

    private static List<NationalityPeople> NationalityMarginal(SnmMonth row, IReadOnlyList<NationalityPeople> others)
    {
        var list = new List<NationalityPeople>();
        var named = row.NamedNationalityCounts();
        for (var i = 0; i < named.Length; i++)
        {
            if (named[i] > 0)
            {
                list.Add(new NationalityPeople(SnmMonth.NamedNationalities[i], named[i]));
            }
        }

        list.AddRange(others);
        return list;
    }

    private static List<DateOnly> DaysOf(SnmMonth row, DateTimeOffset notAfter)
    {
        var days = new List<DateOnly>();
        var count = DateTime.DaysInMonth(row.Year, row.Month);
        for (var d = 1; d <= count; d++)
        {
            var day = new DateOnly(row.Year, row.Month, d);
            // A Panama day starts at 05:00 UTC.
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(-5));
            if (start <= notAfter)
            {
                days.Add(day);
            }
        }

        if (days.Count == 0 && row.Total > 0)
        {
            throw new ArgumentException($"{row.Label} has not begun yet: there is no day to place its events on.");
        }

        return days;
    }

    private readonly record struct Draft(long Ticks, int Order, int Cell, int Nationality, int Headcount, int Terminal);
}

using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Tests.Fixtures;

/// <summary>A monthly report built the obvious way, event by event, to check the month slices against.</summary>
internal static class NaiveMonthlyReport
{
    /// <summary>The Panama (UTC−05:00) year and month of an instant.</summary>
    public static (int Year, int Month) PanamaMonthOf(DateTimeOffset instant)
    {
        var local = instant.ToOffset(TimeSpan.FromHours(-5));
        return (local.Year, local.Month);
    }

    /// <summary>The report's numbers for the events of a Panama month and a flow (arrivals northbound, departures southbound).</summary>
    public static MonthlyReport Of(IEnumerable<CrossingEvent> events, int year, int month, Direction direction)
    {
        var movement = direction == Direction.Southbound ? Movement.Departure : Movement.Arrival;
        var report = new MonthlyReport { Year = (uint)year, Month = (uint)month, Direction = direction, Movement = movement };
        foreach (var crossing in events)
        {
            if (crossing.Movement != movement || crossing.Direction != direction || PanamaMonthOf(crossing.OccurredAt.ToDateTimeOffset()) != (year, month))
            {
                continue;
            }

            ulong n = crossing.Headcount;
            var minor = crossing.AgeGroup is AgeGroup.Ages0To4 or AgeGroup.Ages5To11 or AgeGroup.Ages12To17;
            var adult = crossing.AgeGroup is AgeGroup.Ages18To59 or AgeGroup.Ages60Plus;
            report.Total += n;
            if (crossing.Sex == Sex.Male && adult) report.Men += n;
            else if (crossing.Sex == Sex.Female && adult) report.Women += n;
            else if (crossing.Sex == Sex.Male && minor) report.Boys += n;
            else if (crossing.Sex == Sex.Female && minor) report.Girls += n;
            else report.Unknown += n;
            report.ByNationality[crossing.Nationality] = report.ByNationality.GetValueOrDefault(crossing.Nationality) + n;
        }

        report.Minors = report.Boys + report.Girls;
        return report;
    }

    /// <summary>The numbers of a served report (scope, time and completeness left out), to compare with <see cref="Of"/>.</summary>
    public static MonthlyReport Numbers(MonthlyReport served)
    {
        var numbers = served.Clone();
        numbers.Scope = null;
        numbers.AsOf = null;
        numbers.Complete = false;
        return numbers;
    }
}

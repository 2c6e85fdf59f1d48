using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core.Counting;

/// <summary>GetMonthlyReport: SNM's columns for one Panama month of one flow, read from the month's slices.</summary>
internal static class MonthlyReportQuery
{
    public static MonthlyReport Run(ScopeCounter counter, Scope scope, uint year, uint month, Direction direction, DateTimeOffset now)
    {
        if (year is < 1 or > MonthSlices.MaxYear)
        {
            throw new QueryArgumentException("year", $"required: 1 to {MonthSlices.MaxYear}", false);
        }

        if (month is < 1 or > 12)
        {
            throw new QueryArgumentException("month", "required: 1 to 12", false);
        }

        if (direction is not (Direction.Unspecified or Direction.Northbound or Direction.Southbound))
        {
            throw new QueryArgumentException("direction", "must be DIRECTION_NORTHBOUND or DIRECTION_SOUTHBOUND", false);
        }

        var number = MonthSlices.MonthOf((int)year, (int)month);
        if (MonthSlices.StartOf(number) > now)
        {
            throw new QueryArgumentException("month", $"{year:D4}-{month:D2} has not begun yet (Panama time)", false);
        }

        var flow = direction == Direction.Southbound ? Direction.Southbound : Direction.Northbound;
        var movement = flow == Direction.Southbound ? Movement.Departure : Movement.Arrival;
        var report = new MonthlyReport
        {
            Scope = scope.Clone(),
            Year = year,
            Month = month,
            Direction = flow,
            Movement = movement,
            Complete = number + 1 <= MonthSlices.MaxYear * 12 && MonthSlices.StartOf(number + 1) <= now,
            AsOf = Timestamp.FromDateTimeOffset(now),
        };

        var nationalities = new Dictionary<NationalityCode, ulong>();
        Add(report, counter, MonthSlices.Bucket(number, flow, Sex.Male), movement, nationalities, male: true);
        Add(report, counter, MonthSlices.Bucket(number, flow, Sex.Female), movement, nationalities, male: false);
        Add(report, counter, MonthSlices.Bucket(number, flow, Sex.Unknown), movement, nationalities, male: null);
        report.Minors = report.Boys + report.Girls;
        foreach (var (code, people) in nationalities)
        {
            report.ByNationality[code.ToString()] = people;
        }

        return report;
    }

    private static void Add(MonthlyReport report, ScopeCounter counter, int bucket, Movement movement, Dictionary<NationalityCode, ulong> nationalities, bool? male)
    {
        if (!counter.Months.TryGetValue(bucket, out var slice))
        {
            return;
        }

        var people = slice.People(movement);
        var minors = slice.People(movement, AgeGroup.Ages0To4) + slice.People(movement, AgeGroup.Ages5To11) + slice.People(movement, AgeGroup.Ages12To17);
        var adults = slice.People(movement, AgeGroup.Ages18To59) + slice.People(movement, AgeGroup.Ages60Plus);
        report.Total += people;
        switch (male)
        {
            case true:
                report.Men += adults;
                report.Boys += minors;
                report.Unknown += people - adults - minors;
                break;
            case false:
                report.Women += adults;
                report.Girls += minors;
                report.Unknown += people - adults - minors;
                break;
            default:
                report.Unknown += people;
                break;
        }

        if (slice.Nationalities is not { } byCode)
        {
            return;
        }

        var index = (int)movement - 1;
        foreach (var (code, counts) in byCode)
        {
            if (counts[index] != 0)
            {
                nationalities[code] = nationalities.GetValueOrDefault(code) + counts[index];
            }
        }
    }
}

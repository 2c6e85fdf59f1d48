using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Core.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core.Tests.Counting;

/// <summary>The month slices and GetMonthlyReport: SNM's columns from sex × age cross-counts, Panama months, kept for all time.</summary>
public class MonthlyReportTests
{
    private static readonly DateTimeOffset Now = Crossings.Now;
    private static readonly Scope National = new() { National = new Empty() };

    [Fact]
    public void Report_splits_adults_and_minors_by_sex_and_counts_nationalities_of_its_flow_only()
    {
        var at = Crossings.Utc(2025, 6, 10, 15);
        var counter = Counter(
            Crossings.Make(at, sex: Sex.Male, ageGroup: AgeGroup.Ages18To59, headcount: 5, nationality: "VEN"),
            Crossings.Make(at, sex: Sex.Male, ageGroup: AgeGroup.Ages60Plus, headcount: 1, nationality: "HTI"),
            Crossings.Make(at, sex: Sex.Female, ageGroup: AgeGroup.Ages18To59, headcount: 4, nationality: "VEN"),
            Crossings.Make(at, sex: Sex.Male, ageGroup: AgeGroup.Ages0To4, headcount: 2, nationality: "ECU"),
            Crossings.Make(at, sex: Sex.Male, ageGroup: AgeGroup.Ages12To17, headcount: 1, nationality: "ECU"),
            Crossings.Make(at, sex: Sex.Female, ageGroup: AgeGroup.Ages5To11, headcount: 3, nationality: "COL"),
            Crossings.Make(at, sex: Sex.Unknown, ageGroup: AgeGroup.Ages18To59, headcount: 2, nationality: "OOO"),
            Crossings.Make(at, sex: Sex.Female, ageGroup: AgeGroup.Unknown, headcount: 1, nationality: "OOO"),
            // Other flows: southbound arrivals, northbound departures, shelter check-ins.
            Crossings.Make(at, direction: Direction.Southbound, sex: Sex.Male, headcount: 7, nationality: "VEN"),
            Crossings.Make(at, movement: Movement.Departure, sex: Sex.Male, headcount: 8, nationality: "VEN"),
            Crossings.Make(at, movement: Movement.ShelterCheckIn, sex: Sex.Female, ageGroup: AgeGroup.Ages0To4, headcount: 9));

        var report = counter.MonthlyReport(National, 2025, 6, Direction.Northbound, Now);

        Assert.Equal(
            (Total: 19UL, Men: 6UL, Women: 4UL, Boys: 3UL, Girls: 3UL, Minors: 6UL, Unknown: 3UL),
            (report.Total, report.Men, report.Women, report.Boys, report.Girls, report.Minors, report.Unknown));
        Assert.Equal(new Dictionary<string, ulong> { ["VEN"] = 9, ["HTI"] = 1, ["ECU"] = 3, ["COL"] = 3, ["OOO"] = 3 }, report.ByNationality);
        Assert.Equal(Movement.Arrival, report.Movement);
        Assert.Equal(Direction.Northbound, report.Direction);
        Assert.False(report.Complete);
        Assert.Equal(National, report.Scope);
    }

    [Fact]
    public void Southbound_report_counts_southbound_departures()
    {
        var at = Crossings.Utc(2025, 3, 10, 15);
        var counter = Counter(
            Crossings.Make(at, movement: Movement.Departure, direction: Direction.Southbound, sex: Sex.Female, ageGroup: AgeGroup.Ages5To11, headcount: 2),
            Crossings.Make(at, movement: Movement.Departure, direction: Direction.Southbound, sex: Sex.Male, headcount: 3),
            Crossings.Make(at, movement: Movement.Arrival, direction: Direction.Southbound, sex: Sex.Male, headcount: 50));

        var report = counter.MonthlyReport(National, 2025, 3, Direction.Southbound, Now);

        Assert.Equal((5UL, 3UL, 2UL, Movement.Departure, true), (report.Total, report.Men, report.Girls, report.Movement, report.Complete));
    }

    [Fact]
    public void A_month_is_a_Panama_month_starting_at_five_in_the_morning_UTC()
    {
        var counter = Counter(
            Crossings.Make(Crossings.Utc(2025, 3, 1, 4, 59, 59), headcount: 1),
            Crossings.Make(Crossings.Utc(2025, 3, 1, 5), headcount: 10),
            Crossings.Make(Crossings.Utc(2025, 4, 1, 4, 59, 59), headcount: 100),
            Crossings.Make(Crossings.Utc(2025, 4, 1, 5), headcount: 1000));

        Assert.Equal(1UL, counter.MonthlyReport(National, 2025, 2, Direction.Northbound, Now).Total);
        Assert.Equal(110UL, counter.MonthlyReport(National, 2025, 3, Direction.Northbound, Now).Total);
        Assert.Equal(1000UL, counter.MonthlyReport(National, 2025, 4, Direction.Northbound, Now).Total);
    }

    [Fact]
    public void A_month_years_older_than_the_daily_buckets_is_still_reported_and_survives_a_restore()
    {
        var old = Crossings.Make(Crossings.Utc(2021, 8, 20, 12), sex: Sex.Female, ageGroup: AgeGroup.Ages0To4, headcount: 4, nationality: "HTI");
        var counter = Counter(old, Crossings.Make(Now.AddHours(-1), headcount: 2));

        var restored = ScopeCounter.Restore(counter.ShelterOccupants, counter.LastRecordedAt, counter.Rows());

        foreach (var scope in new[] { counter, restored })
        {
            var report = scope.MonthlyReport(National, 2021, 8, Direction.Northbound, Now);
            Assert.Equal((4UL, 4UL, true), (report.Total, report.Girls, report.Complete));
            Assert.Equal(4UL, report.ByNationality["HTI"]);
        }
        Assert.Contains(counter.Rows(), r => r.Kind == BucketKind.Month);
        Assert.Equal(counter.Rows().Count, restored.Rows().Count);
    }

    [Fact]
    public void A_month_with_nobody_is_reported_as_zeros()
    {
        var report = new ScopeCounter().MonthlyReport(National, 2023, 1, Direction.Northbound, Now);

        Assert.Equal((0UL, 0UL, 0), (report.Total, report.Minors, report.ByNationality.Count));
        Assert.True(report.Complete);
    }

    [Theory]
    [InlineData(0u, 5u, "year")]
    [InlineData(10000u, 5u, "year")]
    [InlineData(2025u, 0u, "month")]
    [InlineData(2025u, 13u, "month")]
    [InlineData(2025u, 7u, "month")]
    [InlineData(2026u, 1u, "month")]
    public void A_month_out_of_range_or_not_begun_is_an_invalid_argument(uint year, uint month, string field)
    {
        var error = Assert.Throws<QueryArgumentException>(() => new ScopeCounter().MonthlyReport(National, year, month, Direction.Northbound, Now));

        Assert.Equal(field, error.Field);
        Assert.False(error.IsOutOfRange);
    }

    [Fact]
    public void Removing_a_delta_takes_its_months_out()
    {
        var at = Crossings.Utc(2024, 11, 3, 12);
        var counter = Counter(Crossings.Make(at, headcount: 3));
        var delta = new Delta();
        delta.Add(Crossings.Make(at, sex: Sex.Male, headcount: 2), Now);
        counter.Apply(delta);

        counter.Remove(delta);

        var report = counter.MonthlyReport(National, 2024, 11, Direction.Northbound, Now);
        Assert.Equal((3UL, 3UL, 0UL), (report.Total, report.Women, report.Men));
    }

    private static ScopeCounter Counter(params CrossingEvent[] events)
    {
        var counter = new ScopeCounter();
        foreach (var crossing in events)
        {
            counter.Apply(crossing, Now);
        }

        return counter;
    }
}

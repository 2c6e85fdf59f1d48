using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Core.Tests.Fixtures;

namespace CheckpointGrid.Core.Tests.Counting;

/// <summary>A counter's counts as stored rows: the rows a delta touched, all rows, and a counter restored from rows.</summary>
public class CountsRowsTests
{
    private static readonly DateTimeOffset Now = Crossings.Now;
    // Bucket numbers as BucketTime counts them: UTC hours, and Panama days, since year 1.
    private static readonly int CurrentHour = (int)(Now.UtcTicks / TimeSpan.TicksPerHour);
    private static readonly int CurrentDay = (int)((Now.UtcTicks + BucketTime.PanamaOffset.Ticks) / TimeSpan.TicksPerDay);
    // June 2025's slice of the test events' direction and sex (northbound women).
    private static readonly int June = MonthSlices.Bucket(MonthSlices.MonthOf(2025, 6), Direction.Northbound, Sex.Female);

    [Fact]
    public void Rows_touched_by_a_delta_are_the_totals_and_its_hours_days_and_month_slices_with_the_counters_values()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Now.AddMinutes(-5), headcount: 4), Now);
        counter.Apply(Crossings.Make(Now.AddDays(-3), headcount: 1), Now);
        var delta = DeltaOf(Crossings.Make(Now.AddMinutes(-10), headcount: 2), Crossings.Make(Now.AddHours(-2), headcount: 3));
        counter.Apply(delta);

        var rows = counter.RowsTouchedBy(delta);

        Assert.Equal(
            [
                (BucketKind.Totals, 0, 10UL),
                (BucketKind.Hour, CurrentHour - 2, 3UL),
                (BucketKind.Hour, CurrentHour, 6UL),
                (BucketKind.Day, CurrentDay, 9UL),
                (BucketKind.Month, June, 10UL),
            ],
            Arrivals(rows));
    }

    [Fact]
    public void Rows_touched_by_a_delta_leave_out_buckets_too_old_to_keep()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Now), Now);
        var delta = DeltaOf(Crossings.Make(Now.AddHours(-ScopeCounter.HourlyRowsKept), headcount: 5));
        counter.Apply(delta);

        var rows = counter.RowsTouchedBy(delta);

        Assert.Equal([(BucketKind.Totals, 0, 6UL), (BucketKind.Day, CurrentDay - 2, 5UL), (BucketKind.Month, June, 6UL)], Arrivals(rows));
    }

    [Fact]
    public void Rows_are_copies_that_do_not_change_with_the_counter()
    {
        var counter = new ScopeCounter();
        var delta = DeltaOf(Crossings.Make(Now, headcount: 2));
        counter.Apply(delta);
        var touched = counter.RowsTouchedBy(delta);
        var all = counter.Rows();

        counter.Apply(DeltaOf(Crossings.Make(Now, headcount: 7)));
        touched[0].Tally.Add(Crossings.Make(Now, headcount: 100));
        all[1].Tally.Add(Crossings.Make(Now, headcount: 100));

        Assert.Equal(2UL, all[0].Tally.People(Movement.Arrival));
        Assert.Equal(102UL, touched[0].Tally.People(Movement.Arrival));
        Assert.Equal(9UL, counter.Rows()[0].Tally.People(Movement.Arrival));
        Assert.Equal(9UL, counter.Rows()[1].Tally.People(Movement.Arrival));
    }

    [Fact]
    public void Rows_are_the_totals_and_every_kept_bucket_and_month_slice_with_people()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Now, headcount: 2), Now);
        counter.Apply(Crossings.Make(Now.AddHours(-1), headcount: 3), Now);
        counter.Apply(Crossings.Make(Now.AddDays(-1000), headcount: 4), Now);

        Assert.Equal(
            [
                (BucketKind.Totals, 0, 9UL),
                (BucketKind.Hour, CurrentHour - 1, 3UL),
                (BucketKind.Hour, CurrentHour, 2UL),
                (BucketKind.Day, CurrentDay, 5UL),
                (BucketKind.Month, MonthSlices.Bucket(MonthSlices.MonthOf(2022, 9), Direction.Northbound, Sex.Female), 4UL),
                (BucketKind.Month, June, 5UL),
            ],
            Arrivals(counter.Rows()));
    }

    [Fact]
    public void Restoring_a_counters_rows_reproduces_it_exactly_and_it_counts_on_alike()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Now.AddMinutes(-5), Movement.ShelterCheckIn, headcount: 3, nationality: "HTI"), Now.AddSeconds(2));
        counter.Apply(Crossings.Make(Now.AddHours(-30), Movement.ShelterCheckOut, headcount: 1), Now);
        counter.Apply(Crossings.Make(Now.AddDays(-200), Movement.Departure, Direction.Southbound, nationality: "CUB"), Now);
        counter.Apply(Crossings.Make(Now.AddDays(-900), headcount: 6), Now);

        var restored = ScopeCounter.Restore(counter.ShelterOccupants, counter.LastRecordedAt, counter.Rows());

        AssertSameCounts(counter, restored);
        var next = DeltaOf(Crossings.Make(Now.AddHours(1), headcount: 8), Crossings.Make(Now.AddHours(-49), headcount: 9));
        counter.Apply(next);
        restored.Apply(next);
        AssertSameCounts(counter, restored);
        Assert.Equal(0UL, ScopeCounter.Restore(0, null, counter.Rows()).Version);
    }

    [Fact]
    public void Restore_ignores_rows_outside_the_window_back_from_the_newest_in_any_order()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Now, headcount: 2), Now);
        counter.Apply(Crossings.Make(Now.AddDays(-3), headcount: 3), Now);
        static Tally Stale()
        {
            var tally = new Tally();
            tally.Add(Crossings.Make(Now, headcount: 50));
            return tally;
        }

        CountsRow[] rows =
        [
            new(BucketKind.Hour, CurrentHour - ScopeCounter.HourlyRowsKept, Stale()),
            .. counter.Rows(),
            new(BucketKind.Day, CurrentDay - ScopeCounter.DailyRowsKept - 40, Stale()),
            new(BucketKind.Hour, CurrentHour - ScopeCounter.HourlyRowsKept - 1000, Stale()),
        ];

        var restored = ScopeCounter.Restore(counter.ShelterOccupants, counter.LastRecordedAt, rows);

        AssertSameCounts(counter, restored);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(2026)]
    public void Upserting_every_batchs_touched_rows_and_restoring_them_reproduces_the_counter(int seed)
    {
        // What a store does: each commit replaces the rows its batch touched, and never deletes one.
        var random = new Random(seed);
        var counter = new ScopeCounter();
        var stored = new Dictionary<(BucketKind, int), CountsRow>();
        var clock = Now.AddDays(-500);
        for (var batch = 0; batch < 300; batch++)
        {
            clock = clock.AddHours(random.Next(0, 60));
            var delta = new Delta();
            for (var e = random.Next(1, 6); e > 0; e--)
            {
                var occurredAt = clock.AddHours(-random.Next(0, 80)).AddMinutes(random.Next(0, 60));
                delta.Add(Crossings.Make(occurredAt, (Movement)random.Next(1, 6), headcount: (uint)random.Next(1, 9)), clock);
            }

            counter.Apply(delta);
            foreach (var row in counter.RowsTouchedBy(delta))
            {
                stored[(row.Kind, row.Bucket)] = row;
            }
        }

        var restored = ScopeCounter.Restore(counter.ShelterOccupants, counter.LastRecordedAt, stored.Values);

        AssertSameCounts(counter, restored);
        Assert.True(stored.Count > counter.Rows().Count, "the property only means something with stale rows");
    }

    [Fact]
    public void Restore_refuses_a_row_no_counter_writes()
    {
        Assert.Throws<ArgumentException>(() => ScopeCounter.Restore(0, null, [new CountsRow((BucketKind)9, 1, new Tally())]));
        Assert.Throws<ArgumentException>(() => ScopeCounter.Restore(0, null, [new CountsRow(BucketKind.Totals, 1, new Tally())]));
        Assert.Throws<ArgumentException>(() => ScopeCounter.Restore(0, null, [default]));
    }

    private static void AssertSameCounts(ScopeCounter expected, ScopeCounter actual)
    {
        Assert.Equal(ScopeCounterTests.Snapshot(expected), ScopeCounterTests.Snapshot(actual));
        Assert.Equal(Sorted(expected.Rows()), Sorted(actual.Rows()));
        Assert.Equal(expected.ShelterOccupants, actual.ShelterOccupants);
        Assert.Equal(expected.LastRecordedAt, actual.LastRecordedAt);
    }

    private static CountsRow[] Sorted(IReadOnlyList<CountsRow> rows) => [.. rows.OrderBy(r => r.Kind).ThenBy(r => r.Bucket)];

    private static (BucketKind, int, ulong)[] Arrivals(IReadOnlyList<CountsRow> rows) =>
        [.. Sorted(rows).Select(r => (r.Kind, r.Bucket, r.Tally.People(Movement.Arrival)))];

    private static Delta DeltaOf(params CrossingEvent[] crossings)
    {
        var delta = new Delta();
        foreach (var crossing in crossings)
        {
            delta.Add(crossing, Now);
        }

        return delta;
    }
}

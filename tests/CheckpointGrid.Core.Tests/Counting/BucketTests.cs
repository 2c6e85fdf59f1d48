using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Core.Tests.Fixtures;

namespace CheckpointGrid.Core.Tests.Counting;

/// <summary>Events land in the UTC hour and the Panama day (05:00 UTC to 05:00 UTC) of their occurred_at, in bounded rings.</summary>
public class BucketTests
{
    [Fact]
    public void Hour_buckets_start_on_the_hour()
    {
        var now = Crossings.Utc(2025, 6, 15, 12, 30);
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(new DateTimeOffset(2025, 6, 15, 10, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), headcount: 1), now);
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 15, 11), headcount: 2), now);
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 15, 11, 59, 59), headcount: 4), now);

        var hours = counter.TimeSeries(Granularity.Hourly, Crossings.Utc(2025, 6, 15, 10), Crossings.Utc(2025, 6, 15, 12), false, now);

        Assert.Equal([1UL, 6UL], hours.Select(h => h.Counts.Arrival.People));
    }

    [Fact]
    public void The_Panama_day_turns_at_five_in_the_morning_UTC()
    {
        var now = Crossings.Utc(2025, 6, 15, 12);
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 15, 4, 59, 59), headcount: 1), now);
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 15, 5), headcount: 2), now);
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 14, 5), headcount: 4), now);

        var days = counter.TimeSeries(Granularity.Daily, Crossings.Utc(2025, 6, 14, 5), null, false, now);

        Assert.Equal([Crossings.Utc(2025, 6, 14, 5), Crossings.Utc(2025, 6, 15, 5)], days.Select(d => d.StartTime.ToDateTimeOffset()));
        Assert.Equal([5UL, 2UL], days.Select(d => d.Counts.Arrival.People));
        Assert.Equal(Crossings.Utc(2025, 6, 15, 5), BucketTime.DayStart(Crossings.Utc(2025, 6, 16, 4, 59)));
        Assert.Equal(Crossings.Utc(2025, 6, 16, 5), BucketTime.DayStart(Crossings.Utc(2025, 6, 16, 5)));
    }

    [Fact]
    public void An_event_older_than_the_hourly_window_counts_in_totals_and_its_day_only()
    {
        var now = Crossings.Utc(2025, 6, 15, 12);
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(now.AddMinutes(-1)), now);
        counter.Apply(Crossings.Make(now.AddHours(-60), headcount: 3), now);

        var hours = counter.TimeSeries(Granularity.Hourly, null, null, false, now);
        var days = counter.TimeSeries(Granularity.Daily, null, null, false, now);

        Assert.Equal(48, hours.Count);
        Assert.Equal(1UL, hours.Aggregate(0UL, (sum, h) => sum + h.Counts.Arrival.People));
        Assert.Equal(3UL, days.Single(d => d.StartTime.ToDateTimeOffset() == BucketTime.DayStart(now.AddHours(-60))).Counts.Arrival.People);
        Assert.Equal(4UL, counter.ToScopeCounts(new Scope { Region = "Darién" }, now).Totals.Arrival.People);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(51)]
    [InlineData(70)]
    public void The_hour_ring_forgets_hours_older_than_its_window_and_drops_late_writes_to_them(int hoursLater)
    {
        var early = Crossings.Utc(2025, 6, 13, 0, 30);
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(early, headcount: 1), early);

        // 50 or more hours later the ring has moved on: the early hour is gone (its slot reused or not), a late event
        // for it is dropped, and it reads as empty rather than as a partial count.
        var later = early.AddHours(hoursLater);
        counter.Apply(Crossings.Make(later, headcount: 2), later);
        counter.Apply(Crossings.Make(early, headcount: 4), later);

        var asIfEarly = counter.TimeSeries(Granularity.Hourly, BucketTime.HourStart(early), BucketTime.HourStart(early).AddHours(1), false, early.AddHours(1));

        Assert.Equal(0UL, Assert.Single(asIfEarly).Counts.Arrival.People);
        Assert.Equal(7UL, counter.ToScopeCounts(new Scope { Region = "Darién" }, later).Totals.Arrival.People);
        Assert.Equal(5UL, counter.TimeSeries(Granularity.Daily, BucketTime.DayStart(early), BucketTime.DayStart(early).AddDays(1), false, later).Single().Counts.Arrival.People);
    }

    [Fact]
    public void Hours_within_the_window_survive_events_up_to_five_minutes_ahead()
    {
        var now = Crossings.Utc(2025, 6, 15, 12, 58);
        var counter = new ScopeCounter();
        var oldestKept = BucketTime.HourStart(now).AddHours(-47);
        counter.Apply(Crossings.Make(oldestKept, headcount: 3), now);
        counter.Apply(Crossings.Make(now.AddMinutes(5), headcount: 1), now);

        var hours = counter.TimeSeries(Granularity.Hourly, null, null, false, now);

        Assert.Equal(oldestKept, hours[0].StartTime.ToDateTimeOffset());
        Assert.Equal(3UL, hours[0].Counts.Arrival.People);
    }

    [Fact]
    public void The_day_ring_keeps_a_bounded_history_and_the_totals_keep_everything()
    {
        var first = Crossings.Utc(2024, 1, 1, 12);
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(first, headcount: 1), first);
        counter.Apply(Crossings.Make(first.AddDays(1), headcount: 10), first);

        // 402 days on, the first day has left the ring (400 served plus 2 spare slots) and the second is still kept.
        var later = first.AddDays(402);
        counter.Apply(Crossings.Make(later, headcount: 100), later);
        counter.Apply(Crossings.Make(first, headcount: 1000), later);

        var asIfThen = counter.TimeSeries(Granularity.Daily, BucketTime.DayStart(first), BucketTime.DayStart(first).AddDays(2), false, first.AddDays(2));

        Assert.Equal([0UL, 10UL], asIfThen.Select(d => d.Counts.Arrival.People));
        Assert.Equal(1111UL, counter.ToScopeCounts(new Scope { Region = "Darién" }, later).Totals.Arrival.People);
    }
}

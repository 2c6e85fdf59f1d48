using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Core.Tests.Fixtures;

namespace CheckpointGrid.Core.Tests.Counting;

/// <summary>Time series windows follow GetTimeSeries: rounded out to buckets, defaulted, capped at the current bucket, refused when unservable.</summary>
public class TimeSeriesTests
{
    private static readonly DateTimeOffset Now = Crossings.Utc(2025, 6, 15, 12, 34);

    [Fact]
    public void The_default_hourly_window_is_the_48_kept_hours_ending_with_the_current_one()
    {
        var hours = new ScopeCounter().TimeSeries(Granularity.Hourly, null, null, false, Now);

        Assert.Equal(48, hours.Count);
        Assert.Equal(Crossings.Utc(2025, 6, 13, 13), hours[0].StartTime.ToDateTimeOffset());
        Assert.Equal(Crossings.Utc(2025, 6, 15, 12), hours[^1].StartTime.ToDateTimeOffset());
        Assert.Equal(Crossings.Utc(2025, 6, 15, 13), hours[^1].EndTime.ToDateTimeOffset());
        Assert.All(hours, h => Assert.Equal(0UL, h.Counts.Arrival.People));
    }

    [Fact]
    public void The_default_daily_window_is_30_Panama_days_ending_with_today()
    {
        var days = new ScopeCounter().TimeSeries(Granularity.Daily, null, null, false, Now);

        Assert.Equal(30, days.Count);
        Assert.Equal(Crossings.Utc(2025, 5, 17, 5), days[0].StartTime.ToDateTimeOffset());
        Assert.Equal(Crossings.Utc(2025, 6, 16, 5), days[^1].EndTime.ToDateTimeOffset());
    }

    [Fact]
    public void Bounds_are_rounded_out_to_whole_buckets_and_never_pass_the_current_one()
    {
        var counter = new ScopeCounter();

        var hours = counter.TimeSeries(Granularity.Hourly, Crossings.Utc(2025, 6, 15, 9, 15), Crossings.Utc(2025, 6, 15, 10, 1), false, Now);
        var upToNow = counter.TimeSeries(Granularity.Hourly, Crossings.Utc(2025, 6, 15, 11, 59), Crossings.Utc(2025, 6, 20), false, Now);
        var aligned = counter.TimeSeries(Granularity.Hourly, Crossings.Utc(2025, 6, 15, 9), Crossings.Utc(2025, 6, 15, 10), false, Now);

        Assert.Equal([Crossings.Utc(2025, 6, 15, 9), Crossings.Utc(2025, 6, 15, 10)], hours.Select(h => h.StartTime.ToDateTimeOffset()));
        Assert.Equal([Crossings.Utc(2025, 6, 15, 11), Crossings.Utc(2025, 6, 15, 12)], upToNow.Select(h => h.StartTime.ToDateTimeOffset()));
        Assert.Single(aligned);
    }

    [Fact]
    public void A_window_wholly_after_the_current_bucket_is_empty() =>
        Assert.Empty(new ScopeCounter().TimeSeries(Granularity.Hourly, Now.AddHours(2), null, false, Now));

    [Fact]
    public void Nationalities_are_filled_only_when_asked()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Now.AddMinutes(-3), nationality: "HTI"), Now);

        var without = counter.TimeSeries(Granularity.Hourly, null, null, false, Now)[^1];
        var with = counter.TimeSeries(Granularity.Hourly, null, null, true, Now)[^1];

        Assert.Empty(without.Counts.Arrival.ByNationality);
        Assert.Equal(1UL, with.Counts.Arrival.ByNationality["HTI"]);
    }

    [Theory]
    [InlineData(Granularity.Unspecified, 3, 2, "granularity")]
    [InlineData((Granularity)9, 3, 2, "granularity")]
    [InlineData(Granularity.Hourly, 2, 2, "end_time")]
    [InlineData(Granularity.Daily, 1, 2, "end_time")]
    [InlineData(Granularity.Daily, 367 * 24, 0, "start_time")]
    public void Bad_windows_are_invalid_arguments_naming_the_field(Granularity granularity, int fromHoursAgo, int toHoursAgo, string field)
    {
        var error = Assert.Throws<QueryArgumentException>(
            () => new ScopeCounter().TimeSeries(granularity, Now.AddHours(-fromHoursAgo), Now.AddHours(-toHoursAgo), false, Now));

        Assert.Equal(field, error.Field);
        Assert.False(error.IsOutOfRange);
        Assert.StartsWith(field + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_daily_window_of_366_days_is_allowed()
    {
        var days = new ScopeCounter().TimeSeries(Granularity.Daily, Now.AddDays(-366), Now, false, Now);

        Assert.Equal(367, days.Count);
    }

    [Fact]
    public void An_hourly_window_reaching_before_the_oldest_hour_kept_is_out_of_range()
    {
        var error = Assert.Throws<QueryArgumentException>(() => new ScopeCounter().TimeSeries(Granularity.Hourly, Now.AddHours(-48), null, false, Now));

        Assert.True(error.IsOutOfRange);
        Assert.Equal("start_time: is before the oldest hour kept (2025-06-13T13:00Z); use GRANULARITY_DAILY for older counts", error.Message);
    }

    [Fact]
    public void A_daily_window_reaching_before_the_oldest_day_kept_is_out_of_range()
    {
        var error = Assert.Throws<QueryArgumentException>(() => new ScopeCounter().TimeSeries(Granularity.Daily, Now.AddDays(-500), Now.AddDays(-400), false, Now));

        Assert.True(error.IsOutOfRange);
        Assert.Equal("start_time", error.Field);
    }
}

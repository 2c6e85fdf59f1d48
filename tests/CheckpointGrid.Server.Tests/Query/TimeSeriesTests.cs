using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Server.Tests.Fixtures;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Server.Tests.Query;

/// <summary>GetTimeSeries: buckets that add up to the events in the window, and the windows it refuses.</summary>
public sealed class TimeSeriesTests
{
    private static readonly TimeSpan PanamaOffset = TimeSpan.FromHours(-5);

    private static async Task<List<CrossingEvent>> RecordStreamAsync(GridServer server, DateTimeOffset now)
    {
        var events = Crossings.RandomStream(seed: 48, count: 400, ["PA-DAR-SVC", "PA-DAR-MTT", "PA-GNA-POB"], now, TimeSpan.FromHours(40));
        foreach (var crossing in events)
        {
            await server.RecordAsync(crossing);
        }

        return events;
    }

    private static GetTimeSeriesRequest Series(Scope scope, Granularity granularity, DateTimeOffset? start = null, DateTimeOffset? end = null, bool nationalities = true)
    {
        var request = new GetTimeSeriesRequest { Scope = scope, Granularity = granularity, IncludeNationalities = nationalities };
        if (start is { } s)
        {
            request.StartTime = Timestamp.FromDateTimeOffset(s);
        }

        if (end is { } e)
        {
            request.EndTime = Timestamp.FromDateTimeOffset(e);
        }

        return request;
    }

    private static DateTimeOffset HourStart(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset PanamaDayStart(DateTimeOffset t)
    {
        var panama = t.ToOffset(PanamaOffset);
        return new DateTimeOffset(panama.Year, panama.Month, panama.Day, 0, 0, 0, PanamaOffset);
    }

    /// <summary>Each bucket follows the last without gap, each counts exactly its events, and together they count every event of the window.</summary>
    private static void AssertBuckets(IReadOnlyList<CrossingEvent> events, RepeatedField<TimeSeriesBucket> buckets, DateTimeOffset firstStart, TimeSpan width, bool nationalities, string what)
    {
        Assert.NotEmpty(buckets);
        for (var i = 0; i < buckets.Count; i++)
        {
            var start = firstStart + (width * i);
            ScopeAssert.BucketMatches(events, buckets[i], start, start + width, nationalities, $"{what} bucket {i}");
        }

        var windowEnd = firstStart + (width * buckets.Count);
        var inWindow = CountsTable.Of(ScopeAssert.InWindow(events, firstStart, windowEnd));
        CountsTable.AssertEqual(
            nationalities ? inWindow : CountsTable.WithoutNationalities(inWindow),
            CountsTable.Sum(buckets.Select(b => CountsTable.Of(b.Counts))),
            $"{what} sum of the buckets");
    }

    [Fact]
    public async Task Hourly_buckets_since_46_hours_ago_add_up_to_every_event_recorded()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var events = await RecordStreamAsync(server, now);
        var scope = new Scope { Region = "Darién" };
        var darién = events.Where(e => e.CheckpointId is "PA-DAR-SVC" or "PA-DAR-MTT").ToList();

        var buckets = (await server.CallAsync(Rpcs.GetTimeSeries, Series(scope, Granularity.Hourly, start: now.AddHours(-46)))).Buckets;

        // From the hour 46 hours back to the current one, which may have turned since `now`.
        Assert.InRange(buckets.Count, 47, 48);
        AssertBuckets(darién, buckets, HourStart(now.AddHours(-46)), TimeSpan.FromHours(1), nationalities: true, "Darién hourly");
        CountsTable.AssertEqual(CountsTable.Of(darién), CountsTable.Sum(buckets.Select(b => CountsTable.Of(b.Counts))), "Darién hourly against the totals");
    }

    [Fact]
    public async Task Default_hourly_window_is_the_48_hours_up_to_the_current_one()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var events = await RecordStreamAsync(server, now);

        var buckets = (await server.CallAsync(Rpcs.GetTimeSeries, Series(new Scope { National = new Empty() }, Granularity.Hourly))).Buckets;

        Assert.Equal(48, buckets.Count);
        var firstStart = buckets[0].StartTime.ToDateTimeOffset();
        Assert.InRange(firstStart, HourStart(now.AddHours(-47)), HourStart(DateTimeOffset.UtcNow.AddHours(-47)));
        AssertBuckets(events, buckets, firstStart, TimeSpan.FromHours(1), nationalities: true, "national hourly");
    }

    [Fact]
    public async Task Hourly_window_inside_the_records_counts_only_its_rounded_out_hours()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var events = await RecordStreamAsync(server, now);
        var svc = events.Where(e => e.CheckpointId == "PA-DAR-SVC").ToList();
        var start = now.AddHours(-20).AddMinutes(-17);
        var end = now.AddHours(-5).AddMinutes(-33);

        var buckets = (await server.CallAsync(Rpcs.GetTimeSeries, Series(new Scope { CheckpointId = "PA-DAR-SVC" }, Granularity.Hourly, start, end, nationalities: false))).Buckets;

        var firstStart = HourStart(start);
        var lastEnd = HourStart(end) == end ? end : HourStart(end).AddHours(1);
        Assert.Equal((int)(lastEnd - firstStart).TotalHours, buckets.Count);
        AssertBuckets(svc, buckets, firstStart, TimeSpan.FromHours(1), nationalities: false, "PA-DAR-SVC hourly window");
        Assert.All(buckets, b => Assert.Empty(b.Counts.Arrival.ByNationality));
    }

    [Fact]
    public async Task Daily_buckets_are_Panama_days_and_add_up_to_every_event_recorded()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var events = await RecordStreamAsync(server, now);

        var buckets = (await server.CallAsync(Rpcs.GetTimeSeries, Series(new Scope { National = new Empty() }, Granularity.Daily, start: now.AddDays(-3)))).Buckets;

        Assert.InRange(buckets.Count, 4, 5);
        AssertBuckets(events, buckets, PanamaDayStart(now.AddDays(-3)), TimeSpan.FromDays(1), nationalities: true, "national daily");
        CountsTable.AssertEqual(CountsTable.Of(events), CountsTable.Sum(buckets.Select(b => CountsTable.Of(b.Counts))), "national daily against the totals");
        ScopeAssert.Matches(events, 544 + 578, await server.NationalCountsAsync(), "national");
    }

    [Fact]
    public async Task Default_daily_window_is_the_30_Panama_days_up_to_the_current_one()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var events = await RecordStreamAsync(server, now);

        var buckets = (await server.CallAsync(Rpcs.GetTimeSeries, Series(new Scope { CheckpointId = "PA-GNA-POB" }, Granularity.Daily))).Buckets;

        Assert.Equal(30, buckets.Count);
        var firstStart = buckets[0].StartTime.ToDateTimeOffset();
        Assert.InRange(firstStart, PanamaDayStart(now.AddDays(-29)), PanamaDayStart(DateTimeOffset.UtcNow.AddDays(-29)));
        AssertBuckets(events.Where(e => e.CheckpointId == "PA-GNA-POB").ToList(), buckets, firstStart, TimeSpan.FromDays(1), nationalities: true, "PA-GNA-POB daily");
    }

    [Fact]
    public async Task Daily_window_starting_before_the_400_days_kept_is_OUT_OF_RANGE_but_totals_keep_the_event()
    {
        await using var server = await GridServer.StartAsync();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-500);
        await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.Arrival, 25, "CUB", longAgo));

        var error = await server.FailureOfAsync(Rpcs.GetTimeSeries, Series(new Scope { National = new Empty() }, Granularity.Daily, longAgo.AddDays(-1), longAgo.AddDays(1)));
        var national = await server.CallAsync(Rpcs.GetNationalCounts, new GetNationalCountsRequest());

        StatusAssert.Is(StatusCode.OutOfRange, error, "start_time");
        Assert.Equal(25UL, national.Counts.Totals.Arrival.People);
    }

    [Fact]
    public async Task Window_ending_before_it_starts_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;

        var error = await server.FailureOfAsync(Rpcs.GetTimeSeries, Series(new Scope { National = new Empty() }, Granularity.Hourly, start: now.AddHours(-1), end: now.AddHours(-2)));

        StatusAssert.Is(StatusCode.InvalidArgument, error, "end_time");
    }

    [Fact]
    public async Task Unspecified_granularity_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.GetTimeSeries, Series(new Scope { National = new Empty() }, Granularity.Unspecified));

        StatusAssert.Is(StatusCode.InvalidArgument, error, "granularity");
    }

    [Fact]
    public async Task Hourly_window_starting_before_the_48_hours_kept_is_OUT_OF_RANGE()
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.GetTimeSeries, Series(new Scope { National = new Empty() }, Granularity.Hourly, start: DateTimeOffset.UtcNow.AddHours(-49)));

        StatusAssert.Is(StatusCode.OutOfRange, error, "start_time");
    }

    [Fact]
    public async Task Daily_window_of_more_than_366_days_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;

        var error = await server.FailureOfAsync(Rpcs.GetTimeSeries, Series(new Scope { National = new Empty() }, Granularity.Daily, start: now.AddDays(-367), end: now));

        StatusAssert.Is(StatusCode.InvalidArgument, error);
    }

    [Fact]
    public async Task Region_no_checkpoint_has_is_NOT_FOUND_and_a_name_that_is_no_region_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();

        var veraguas = await server.FailureOfAsync(Rpcs.GetTimeSeries, Series(new Scope { Region = "Veraguas" }, Granularity.Daily));
        var atlantis = await server.FailureOfAsync(Rpcs.GetTimeSeries, Series(new Scope { Region = "Atlantis" }, Granularity.Daily));
        var regionCounts = await server.FailureOfAsync(Rpcs.GetRegionCounts, new GetRegionCountsRequest { Region = "Veraguas" });

        StatusAssert.Is(StatusCode.NotFound, veraguas, "region");
        StatusAssert.Is(StatusCode.InvalidArgument, atlantis, "region");
        StatusAssert.Is(StatusCode.NotFound, regionCounts, "region");
    }

    [Fact]
    public async Task Missing_scope_is_INVALID_ARGUMENT_and_an_unknown_checkpoint_is_NOT_FOUND()
    {
        await using var server = await GridServer.StartAsync();

        var missing = await server.FailureOfAsync(Rpcs.GetTimeSeries, new GetTimeSeriesRequest { Granularity = Granularity.Daily });
        var unknown = await server.FailureOfAsync(Rpcs.GetTimeSeries, Series(new Scope { CheckpointId = "PA-DAR-XYZ" }, Granularity.Daily));
        var counts = await server.FailureOfAsync(Rpcs.GetCheckpointCounts, new GetCheckpointCountsRequest { CheckpointId = "PA-DAR-XYZ" });

        StatusAssert.Is(StatusCode.InvalidArgument, missing, "scope");
        StatusAssert.Is(StatusCode.NotFound, unknown, "checkpoint_id");
        StatusAssert.Is(StatusCode.NotFound, counts, "checkpoint_id");
    }
}

using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>Checks served values of a scope against the raw events recorded in it.</summary>
internal static class ScopeAssert
{
    private static readonly TimeSpan PanamaOffset = TimeSpan.FromHours(-5);

    /// <summary>Totals, shelter occupancy and capacity, and the current hour and Panama day (found from as_of) all equal the naive recount.</summary>
    public static void Matches(IReadOnlyCollection<CrossingEvent> events, uint? capacity, ScopeCounts served, string scope)
    {
        CountsTable.AssertEqual(CountsTable.Of(events), CountsTable.Of(served.Totals), $"{scope} totals");
        Assert.True(Occupants(events) == served.Shelter.Occupants, $"{scope} shelter occupants: expected {Occupants(events)}, served {served.Shelter.Occupants}");
        if (capacity is { } expected)
        {
            Assert.True(served.Shelter.HasCapacity, $"{scope} shelter capacity: expected {expected}, served none");
            Assert.Equal(expected, served.Shelter.Capacity);
        }
        else
        {
            Assert.False(served.Shelter.HasCapacity, $"{scope} shelter capacity: expected none, served {served.Shelter.Capacity}");
        }

        var asOf = served.AsOf.ToDateTimeOffset();
        var hourStart = new DateTimeOffset(asOf.Year, asOf.Month, asOf.Day, asOf.Hour, 0, 0, TimeSpan.Zero);
        BucketMatches(events, served.CurrentHour, hourStart, hourStart.AddHours(1), includeNationalities: true, $"{scope} current_hour");
        var panama = asOf.ToOffset(PanamaOffset);
        var dayStart = new DateTimeOffset(panama.Year, panama.Month, panama.Day, 0, 0, 0, PanamaOffset);
        BucketMatches(events, served.CurrentDay, dayStart, dayStart.AddDays(1), includeNationalities: true, $"{scope} current_day");
    }

    /// <summary>The bucket spans [start, end) and counts exactly the events whose occurred_at falls in it.</summary>
    public static void BucketMatches(
        IEnumerable<CrossingEvent> events, TimeSeriesBucket bucket, DateTimeOffset start, DateTimeOffset end, bool includeNationalities, string what)
    {
        Assert.Equal(start, bucket.StartTime.ToDateTimeOffset());
        Assert.Equal(end, bucket.EndTime.ToDateTimeOffset());
        var expected = CountsTable.Of(InWindow(events, start, end));
        CountsTable.AssertEqual(includeNationalities ? expected : CountsTable.WithoutNationalities(expected), CountsTable.Of(bucket.Counts), what);
    }

    /// <summary>The events whose occurred_at falls in [start, end).</summary>
    public static IEnumerable<CrossingEvent> InWindow(IEnumerable<CrossingEvent> events, DateTimeOffset start, DateTimeOffset end) =>
        events.Where(e => e.OccurredAt.ToDateTimeOffset() >= start && e.OccurredAt.ToDateTimeOffset() < end);

    /// <summary>Shelter check-ins less check-outs.</summary>
    public static long Occupants(IEnumerable<CrossingEvent> events) =>
        events.Sum(e => e.Movement switch
        {
            Movement.ShelterCheckIn => (long)e.Headcount,
            Movement.ShelterCheckOut => -(long)e.Headcount,
            _ => 0,
        });
}

using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Counting;

/// <summary>Where buckets start: whole UTC hours, and Panama calendar days (UTC−05:00 all year, so 05:00 UTC to 05:00 UTC).</summary>
public static class BucketTime
{
    /// <summary>Panama's offset from UTC; it keeps no daylight saving.</summary>
    public static readonly TimeSpan PanamaOffset = TimeSpan.FromHours(-5);

    /// <summary>Start of the UTC hour containing the instant.</summary>
    public static DateTimeOffset HourStart(DateTimeOffset instant) => Start(Granularity.Hourly, instant);

    /// <summary>Start of the Panama day containing the instant, in UTC (05:00Z).</summary>
    public static DateTimeOffset DayStart(DateTimeOffset instant) => Start(Granularity.Daily, instant);

    /// <summary>Start, in UTC, of the bucket of this width containing the instant.</summary>
    public static DateTimeOffset Start(Granularity granularity, DateTimeOffset instant) =>
        granularity is Granularity.Hourly or Granularity.Daily
            ? new(StartTicks(granularity, BucketOf(granularity, instant.UtcTicks)), TimeSpan.Zero)
            : throw new ArgumentOutOfRangeException(nameof(granularity), granularity, "Buckets are hourly or daily.");

    /// <summary>The number of the bucket (hours or Panama days since year 1) containing these UTC ticks.</summary>
    internal static int BucketOf(Granularity granularity, long utcTicks) =>
        granularity == Granularity.Hourly
            ? (int)FloorDivide(utcTicks, TimeSpan.TicksPerHour)
            : (int)FloorDivide(utcTicks + PanamaOffset.Ticks, TimeSpan.TicksPerDay);

    /// <summary>UTC ticks at which a bucket starts.</summary>
    internal static long StartTicks(Granularity granularity, int bucket) =>
        granularity == Granularity.Hourly
            ? bucket * TimeSpan.TicksPerHour
            : (bucket * TimeSpan.TicksPerDay) - PanamaOffset.Ticks;

    /// <summary>The bucket that ends at or after the instant: the exclusive end of a window rounded up to a bucket end.</summary>
    internal static int EndBucketOf(Granularity granularity, long utcTicks) => BucketOf(granularity, utcTicks - 1) + 1;

    internal static DateTimeOffset StartOf(Granularity granularity, int bucket) => new(StartTicks(granularity, bucket), TimeSpan.Zero);

    private static long FloorDivide(long value, long divisor) => value >= 0 ? value / divisor : ((value + 1) / divisor) - 1;
}

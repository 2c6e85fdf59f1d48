using System.Globalization;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core.Counting;

/// <summary>Answers GetTimeSeries from a scope's buckets: resolves the window as query.proto says, then lists every bucket in it.</summary>
internal static class SeriesQuery
{
    private const int DefaultHours = 48;
    private const int DefaultDays = 30;
    private static readonly long MaxDailySpanTicks = TimeSpan.FromDays(366).Ticks;
    private static readonly Tally Nobody = new();

    public static IReadOnlyList<TimeSeriesBucket> Run(
        ScopeCounter counter, Granularity granularity, DateTimeOffset? from, DateTimeOffset? to, bool includeNationalities, DateTimeOffset now)
    {
        if (granularity is not (Granularity.Hourly or Granularity.Daily))
        {
            throw new QueryArgumentException("granularity", "required: GRANULARITY_HOURLY or GRANULARITY_DAILY", false);
        }

        if (from is { } start && to is { } end && end <= start)
        {
            throw new QueryArgumentException("end_time", "must be after start_time", false);
        }

        var hourly = granularity == Granularity.Hourly;
        var current = BucketTime.BucketOf(granularity, now.UtcTicks);
        var roundedEnd = to is { } endTime ? BucketTime.EndBucketOf(granularity, endTime.UtcTicks) : current + 1;
        var first = from is { } startTime ? BucketTime.BucketOf(granularity, startTime.UtcTicks) : roundedEnd - (hourly ? DefaultHours : DefaultDays);
        var spanTicks = (to ?? now).UtcTicks - (from?.UtcTicks ?? BucketTime.StartTicks(granularity, first));
        if (!hourly && spanTicks > MaxDailySpanTicks)
        {
            throw new QueryArgumentException("start_time", "a GRANULARITY_DAILY window may span at most 366 days", false);
        }

        var oldest = current - (hourly ? ScopeCounter.HourlyBucketsKept : ScopeCounter.DailyBucketsKept) + 1;
        if (first < oldest)
        {
            throw new QueryArgumentException("start_time", OutOfRangeReason(granularity, oldest), true);
        }

        var last = Math.Min(roundedEnd, current + 1);
        var buckets = new List<TimeSeriesBucket>(Math.Max(0, last - first));
        for (var bucket = first; bucket < last; bucket++)
        {
            buckets.Add(Bucket(counter, granularity, bucket, includeNationalities));
        }

        return buckets;
    }

    /// <summary>One bucket as served, with zero counts when nobody was counted in it or it is no longer kept.</summary>
    public static TimeSeriesBucket Bucket(ScopeCounter counter, Granularity granularity, int bucket, bool includeNationalities)
    {
        var ring = granularity == Granularity.Hourly ? counter.Hours : counter.Days;
        return new TimeSeriesBucket
        {
            StartTime = Timestamp.FromDateTimeOffset(BucketTime.StartOf(granularity, bucket)),
            EndTime = Timestamp.FromDateTimeOffset(BucketTime.StartOf(granularity, bucket + 1)),
            Counts = (ring.Find(bucket) ?? Nobody).ToProto(includeNationalities),
        };
    }

    /// <summary>Says where the kept buckets begin, e.g. for a window reaching back too far.</summary>
    public static string OutOfRangeReason(Granularity granularity, int oldest)
    {
        var since = BucketTime.StartOf(granularity, oldest).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
        return granularity == Granularity.Hourly
            ? $"is before the oldest hour kept ({since}); use GRANULARITY_DAILY for older counts"
            : $"is before the oldest day kept ({since})";
    }
}

using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Counting;

/// <summary>A change to add to a scope's counts: the sum of some events, bucketed by UTC hour and Panama day as the events were, with the occupancy change.</summary>
/// <remarks>
/// A checkpoint builds one per committed batch; regions add the deltas they receive into their own counters and into one
/// outgoing delta for the national scope. A delta carries every bucket its events touched, whatever the sender keeps, and
/// each receiver keeps what its own window keeps, so at every level each kept bucket is the exact sum of its events.
/// Receivers only read a delta; the sender must not change one it has handed over. Not thread-safe.
/// </remarks>
public sealed class Delta
{
    private readonly Dictionary<int, Tally> _hours = [];
    private readonly Dictionary<int, Tally> _days = [];

    /// <summary>Whether it counts nobody (applying it changes nothing).</summary>
    public bool IsEmpty => Totals.IsEmpty;

    /// <summary>Shelter check-ins minus check-outs of its events.</summary>
    public long OccupancyChange { get; private set; }

    /// <summary>The latest server time at which one of its events was recorded; null when it has none.</summary>
    public DateTimeOffset? LastRecordedAt { get; private set; }

    internal Tally Totals { get; } = new();

    internal Dictionary<int, Tally> Hours => _hours;

    internal Dictionary<int, Tally> Days => _days;

    /// <summary>Adds a valid event (see <see cref="Validation.CrossingEventValidator"/>) recorded at this server time.</summary>
    public void Add(CrossingEvent crossing, DateTimeOffset recordedAt)
    {
        var counted = CountedCrossing.From(crossing);
        Totals.Add(counted);
        BucketFor(_hours, BucketTime.BucketOf(Granularity.Hourly, counted.OccurredAtTicks)).Add(counted);
        BucketFor(_days, BucketTime.BucketOf(Granularity.Daily, counted.OccurredAtTicks)).Add(counted);
        OccupancyChange += counted.OccupancyChange;
        NoteRecorded(recordedAt);
    }

    /// <summary>Adds another delta, e.g. a region merging its checkpoints' deltas into one for the national scope.</summary>
    public void Add(Delta other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Totals.Add(other.Totals);
        AddBuckets(_hours, other._hours);
        AddBuckets(_days, other._days);
        OccupancyChange += other.OccupancyChange;
        if (other.LastRecordedAt is { } recordedAt)
        {
            NoteRecorded(recordedAt);
        }
    }

    internal void AddBucket(Granularity granularity, int bucket, Tally tally) =>
        BucketFor(granularity == Granularity.Hourly ? _hours : _days, bucket).Add(tally);

    internal void AddTotals(Tally totals, long occupancyChange, DateTimeOffset? lastRecordedAt)
    {
        Totals.Add(totals);
        OccupancyChange += occupancyChange;
        if (lastRecordedAt is { } recordedAt)
        {
            NoteRecorded(recordedAt);
        }
    }

    private void NoteRecorded(DateTimeOffset recordedAt)
    {
        if (LastRecordedAt is not { } last || recordedAt > last)
        {
            LastRecordedAt = recordedAt;
        }
    }

    private static void AddBuckets(Dictionary<int, Tally> into, Dictionary<int, Tally> from)
    {
        foreach (var (bucket, tally) in from)
        {
            BucketFor(into, bucket).Add(tally);
        }
    }

    private static Tally BucketFor(Dictionary<int, Tally> buckets, int bucket)
    {
        if (!buckets.TryGetValue(bucket, out var tally))
        {
            tally = new Tally();
            buckets.Add(bucket, tally);
        }

        return tally;
    }
}

using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Counting;

/// <summary>A change to add to a scope's counts: the sum of some events, bucketed by UTC hour, Panama day and Panama month (sliced by direction and sex) as the events were, with the occupancy change.</summary>
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
    private readonly Dictionary<int, Tally> _months = [];

    /// <summary>Whether it counts nobody (applying it changes nothing).</summary>
    public bool IsEmpty => Totals.IsEmpty;

    /// <summary>Shelter check-ins minus check-outs of its events.</summary>
    public long OccupancyChange { get; private set; }

    /// <summary>The latest server time at which one of its events was recorded; null when it has none.</summary>
    public DateTimeOffset? LastRecordedAt { get; private set; }

    internal Tally Totals { get; } = new();

    internal Dictionary<int, Tally> Hours => _hours;

    internal Dictionary<int, Tally> Days => _days;

    /// <summary>Month slices by bucket (see <see cref="MonthSlices"/>).</summary>
    internal Dictionary<int, Tally> Months => _months;

    /// <summary>Adds a valid event (see <see cref="Validation.CrossingEventValidator"/>) recorded at this server time.</summary>
    public void Add(CrossingEvent crossing, DateTimeOffset recordedAt)
    {
        var counted = CountedCrossing.From(crossing);
        Totals.Add(counted);
        BucketFor(_hours, BucketTime.BucketOf(Granularity.Hourly, counted.OccurredAtTicks)).Add(counted);
        BucketFor(_days, BucketTime.BucketOf(Granularity.Daily, counted.OccurredAtTicks)).Add(counted);
        BucketFor(_months, MonthSlices.BucketOf(counted)).Add(counted);
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
        AddBuckets(_months, other._months);
        OccupancyChange += other.OccupancyChange;
        if (other.LastRecordedAt is { } recordedAt)
        {
            NoteRecorded(recordedAt);
        }
    }

    /// <summary>Its rows (totals first, then hours, days and month slices), sharing its tallies: to encode it, e.g. to send it to another silo.</summary>
    public IReadOnlyList<CountsRow> Rows()
    {
        var rows = new List<CountsRow>(1 + _hours.Count + _days.Count + _months.Count) { new(BucketKind.Totals, 0, Totals) };
        foreach (var (hour, tally) in _hours)
        {
            rows.Add(new CountsRow(BucketKind.Hour, hour, tally));
        }

        foreach (var (day, tally) in _days)
        {
            rows.Add(new CountsRow(BucketKind.Day, day, tally));
        }

        foreach (var (month, tally) in _months)
        {
            rows.Add(new CountsRow(BucketKind.Month, month, tally));
        }

        return rows;
    }

    /// <summary>The delta whose <see cref="Rows"/>, occupancy change and last recorded time these are.</summary>
    public static Delta FromRows(long occupancyChange, DateTimeOffset? lastRecordedAt, IEnumerable<CountsRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var delta = new Delta();
        delta.AddTotals(new Tally(), occupancyChange, lastRecordedAt);
        foreach (var (kind, bucket, tally) in rows)
        {
            switch (kind)
            {
                case BucketKind.Totals:
                    delta.Totals.Add(tally);
                    break;
                case BucketKind.Hour:
                    delta.AddBucket(Granularity.Hourly, bucket, tally);
                    break;
                case BucketKind.Day:
                    delta.AddBucket(Granularity.Daily, bucket, tally);
                    break;
                case BucketKind.Month:
                    delta.AddMonth(bucket, tally);
                    break;
                default:
                    throw new ArgumentException($"Not a row of counts: {kind}.", nameof(rows));
            }
        }

        return delta;
    }

    internal void AddBucket(Granularity granularity, int bucket, Tally tally) =>
        BucketFor(granularity == Granularity.Hourly ? _hours : _days, bucket).Add(tally);

    internal void AddMonth(int bucket, Tally tally) => BucketFor(_months, bucket).Add(tally);

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

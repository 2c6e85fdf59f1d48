using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core.Counting;

/// <summary>The live counts of one scope (a checkpoint, a region or the country): what its grain holds and serves.</summary>
/// <remarks>Not thread-safe: a grain changes and reads it within its turns.</remarks>
public sealed class ScopeCounter
{
    /// <summary>Hourly buckets served: the current UTC hour and the 47 before it.</summary>
    public const int HourlyBucketsKept = 48;

    /// <summary>Daily buckets served: the current Panama day and the 399 before it.</summary>
    public const int DailyBucketsKept = 400;

    // Two more slots than served, so that events up to 5 minutes ahead of the clock (the next hour or day) never push
    // out a bucket still being served.
    private const int RingMargin = 2;

    // Invariants: the totals count every event applied, whatever its age; a kept hourly or daily bucket is the exact
    // sum of the events whose occurred_at falls in it (see BucketRing); shelter occupants are check-ins minus
    // check-outs over all time, never clamped; Version grows by one on every change and never goes back.
    private readonly Tally _totals = new();
    private readonly BucketRing _hours = new(HourlyBucketsKept + RingMargin);
    private readonly BucketRing _days = new(DailyBucketsKept + RingMargin);
    private DateTimeOffset _servedHour;

    /// <summary>Grows by one on every change of the counts or the capacity, and when a new hour starts; starts at 0.</summary>
    public ulong Version { get; private set; }

    /// <summary>Shelter check-ins minus check-outs over all time; negative when more left than were recorded entering.</summary>
    public long ShelterOccupants { get; private set; }

    /// <summary>Shelter capacity of the scope (the sum over its checkpoints that have one); null when none has.</summary>
    public uint? ShelterCapacity { get; private set; }

    /// <summary>The latest server time an event was recorded in the scope; null when none ever was.</summary>
    public DateTimeOffset? LastRecordedAt { get; private set; }

    internal Tally Totals => _totals;

    internal BucketRing Hours => _hours;

    internal BucketRing Days => _days;

    /// <summary>Sets the capacity from the catalog; a change counts as a change (the version grows).</summary>
    public void SetShelterCapacity(uint? capacity)
    {
        if (capacity != ShelterCapacity)
        {
            ShelterCapacity = capacity;
            Version++;
        }
    }

    /// <summary>Counts a valid event recorded at this server time: in the totals, and in the hour and day of its occurred_at while those are kept.</summary>
    public void Apply(CrossingEvent crossing, DateTimeOffset recordedAt)
    {
        var counted = CountedCrossing.From(crossing);
        _totals.Add(counted);
        _hours.ForWriting(BucketTime.BucketOf(Granularity.Hourly, counted.OccurredAtTicks))?.Add(counted);
        _days.ForWriting(BucketTime.BucketOf(Granularity.Daily, counted.OccurredAtTicks))?.Add(counted);
        ShelterOccupants += counted.OccupancyChange;
        NoteRecorded(recordedAt);
        Version++;
    }

    /// <summary>Adds a delta (a rollup receiving a checkpoint's or region's batch); an empty delta changes nothing.</summary>
    public void Apply(Delta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.IsEmpty)
        {
            return;
        }

        _totals.Add(delta.Totals);
        foreach (var (hour, tally) in delta.Hours)
        {
            _hours.ForWriting(hour)?.Add(tally);
        }

        foreach (var (day, tally) in delta.Days)
        {
            _days.ForWriting(day)?.Add(tally);
        }

        ShelterOccupants += delta.OccupancyChange;
        if (delta.LastRecordedAt is { } recordedAt)
        {
            NoteRecorded(recordedAt);
        }

        Version++;
    }

    /// <summary>Takes out a delta once added, e.g. a checkpoint's <see cref="ToDelta"/> when it moves to another region; LastRecordedAt stays. Throws <see cref="InvalidOperationException"/>, changing nothing, when these counts do not contain it.</summary>
    public void Remove(Delta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (!_totals.Contains(delta.Totals) || !RingContains(_hours, delta.Hours) || !RingContains(_days, delta.Days))
        {
            throw new InvalidOperationException("The delta is not part of this scope's counts, so it cannot be removed.");
        }

        _totals.Subtract(delta.Totals);
        SubtractFromRing(_hours, delta.Hours);
        SubtractFromRing(_days, delta.Days);
        ShelterOccupants -= delta.OccupancyChange;
        Version++;
    }

    /// <summary>Everything counted, as a delta: applied to an empty counter it reproduces these counts (for moving or restoring a scope).</summary>
    public Delta ToDelta()
    {
        var delta = new Delta();
        delta.AddTotals(_totals, ShelterOccupants, LastRecordedAt);
        foreach (var (hour, tally) in _hours.Kept())
        {
            delta.AddBucket(Granularity.Hourly, hour, tally);
        }

        foreach (var (day, tally) in _days.Kept())
        {
            delta.AddBucket(Granularity.Daily, day, tally);
        }

        return delta;
    }

    /// <summary>
    /// Notes the clock. A new hour (and every new Panama day starts with one) brings fresh current hour and day
    /// buckets, which is a change of the values served: the version grows.
    /// </summary>
    public void AdvanceClock(DateTimeOffset now)
    {
        var hour = BucketTime.HourStart(now);
        if (hour > _servedHour)
        {
            if (_servedHour != default)
            {
                Version++;
            }

            _servedHour = hour;
        }
    }

    /// <summary>The live values as served: version, totals, shelter, and the hour and Panama day containing <paramref name="now"/>.</summary>
    public ScopeCounts ToScopeCounts(Scope scope, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        AdvanceClock(now);
        var shelter = new ShelterOccupancy { Occupants = ShelterOccupants };
        if (ShelterCapacity is { } capacity)
        {
            shelter.Capacity = capacity;
        }

        return new ScopeCounts
        {
            Scope = scope.Clone(),
            Version = Version,
            AsOf = Timestamp.FromDateTimeOffset(now),
            Totals = _totals.ToProto(),
            Shelter = shelter,
            CurrentHour = SeriesQuery.Bucket(this, Granularity.Hourly, BucketTime.BucketOf(Granularity.Hourly, now.UtcTicks), true),
            CurrentDay = SeriesQuery.Bucket(this, Granularity.Daily, BucketTime.BucketOf(Granularity.Daily, now.UtcTicks), true),
        };
    }

    /// <summary>Buckets over a window, empty ones included, as GetTimeSeries defines it (bounds rounded out to bucket edges, defaults, nothing after the current bucket). Throws <see cref="QueryArgumentException"/> for a window it cannot serve.</summary>
    public IReadOnlyList<TimeSeriesBucket> TimeSeries(
        Granularity granularity, DateTimeOffset? from, DateTimeOffset? to, bool includeNationalities, DateTimeOffset now) =>
        SeriesQuery.Run(this, granularity, from, to, includeNationalities, now);

    /// <summary>The nationalities with the most people for a movement, as TopNationalities defines it (limit 0 = 10, capped at 250; UNSPECIFIED = arrival; window in whole Panama days). Throws <see cref="QueryArgumentException"/> for a window it cannot serve.</summary>
    public TopNationalitiesResponse TopNationalities(
        uint limit, Movement movement, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now) =>
        NationalityRanking.Run(this, limit, movement, from, to, now);

    private void NoteRecorded(DateTimeOffset recordedAt)
    {
        if (LastRecordedAt is not { } last || recordedAt > last)
        {
            LastRecordedAt = recordedAt;
        }
    }

    private static bool RingContains(BucketRing ring, Dictionary<int, Tally> buckets)
    {
        foreach (var (bucket, tally) in buckets)
        {
            if (!ring.IsTooOld(bucket) && !tally.IsEmpty && (ring.Find(bucket) is not { } kept || !kept.Contains(tally)))
            {
                return false;
            }
        }

        return true;
    }

    private static void SubtractFromRing(BucketRing ring, Dictionary<int, Tally> buckets)
    {
        foreach (var (bucket, tally) in buckets)
        {
            ring.Find(bucket)?.Subtract(tally);
        }
    }
}

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

    /// <summary>Hour rows a counter holds, counting back from its newest hour: those served and two ahead. <see cref="Restore"/> ignores older rows, so a store may delete them.</summary>
    public const int HourlyRowsKept = HourlyBucketsKept + RingMargin;

    /// <summary>Day rows a counter holds, counting back from its newest day: those served and two ahead. <see cref="Restore"/> ignores older rows, so a store may delete them.</summary>
    public const int DailyRowsKept = DailyBucketsKept + RingMargin;

    // Two more slots than served, so that events up to 5 minutes ahead of the clock (the next hour or day) never push
    // out a bucket still being served.
    private const int RingMargin = 2;

    // Invariants: the totals count every event applied, whatever its age; a kept hourly or daily bucket is the exact
    // sum of the events whose occurred_at falls in it (see BucketRing); every month slice is the exact sum of the
    // events of its direction and sex whose occurred_at falls in its Panama month; shelter occupants are check-ins minus
    // check-outs over all time, never clamped; Version grows by one on every change and never goes back.
    private readonly Tally _totals = new();
    private readonly BucketRing _hours = new(HourlyRowsKept);
    private readonly BucketRing _days = new(DailyRowsKept);

    // Month slices (see MonthSlices), never dropped: a month stays answerable for all time, at six rows a month at most.
    private readonly Dictionary<int, Tally> _months = [];
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

    internal Dictionary<int, Tally> Months => _months;

    /// <summary>
    /// Makes the version at least <paramref name="version"/>: a grain activated anew continues above any version an
    /// earlier activation served, so watchers and pollers never see it go back.
    /// </summary>
    public void ContinueVersionsFrom(ulong version) => Version = Math.Max(Version, version);

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
        MonthFor(_months, MonthSlices.BucketOf(counted)).Add(counted);
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

        foreach (var (month, tally) in delta.Months)
        {
            MonthFor(_months, month).Add(tally);
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
        if (!_totals.Contains(delta.Totals) || !RingContains(_hours, delta.Hours) || !RingContains(_days, delta.Days) || !MonthsContain(delta.Months))
        {
            throw new InvalidOperationException("The delta is not part of this scope's counts, so it cannot be removed.");
        }

        _totals.Subtract(delta.Totals);
        SubtractFromRing(_hours, delta.Hours);
        SubtractFromRing(_days, delta.Days);
        foreach (var (month, tally) in delta.Months)
        {
            _months[month].Subtract(tally);
        }
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

        foreach (var (month, tally) in _months)
        {
            delta.AddMonth(month, tally);
        }

        return delta;
    }

    /// <summary>
    /// After <see cref="Apply(Delta)"/>: the rows to store for it. The totals row, then each hour and day row the delta
    /// touched that this counter keeps, holding this counter's current values (copies, safe to hand to another thread).
    /// </summary>
    public IReadOnlyList<CountsRow> RowsTouchedBy(Delta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var rows = new List<CountsRow>(1 + delta.Hours.Count + delta.Days.Count + delta.Months.Count) { new(BucketKind.Totals, 0, _totals.Clone()) };
        AddKeptRows(rows, BucketKind.Hour, _hours, delta.Hours);
        AddKeptRows(rows, BucketKind.Day, _days, delta.Days);
        foreach (var month in delta.Months.Keys)
        {
            if (_months.TryGetValue(month, out var tally))
            {
                rows.Add(new CountsRow(BucketKind.Month, month, tally.Clone()));
            }
        }

        return rows;
    }

    /// <summary>Every row of these counts: the totals, then each kept hour and day, and each month slice, that has people (copies).</summary>
    public IReadOnlyList<CountsRow> Rows()
    {
        var rows = new List<CountsRow> { new(BucketKind.Totals, 0, _totals.Clone()) };
        foreach (var (hour, tally) in _hours.Kept())
        {
            rows.Add(new CountsRow(BucketKind.Hour, hour, tally.Clone()));
        }

        foreach (var (day, tally) in _days.Kept())
        {
            rows.Add(new CountsRow(BucketKind.Day, day, tally.Clone()));
        }

        foreach (var (month, tally) in _months)
        {
            if (!tally.IsEmpty)
            {
                rows.Add(new CountsRow(BucketKind.Month, month, tally.Clone()));
            }
        }

        return rows;
    }

    /// <summary>
    /// A counter holding stored counts: <c>Restore(c.ShelterOccupants, c.LastRecordedAt, c.Rows())</c> has c's totals,
    /// buckets, occupancy and last recorded time. Rows may come in any order; hour and day rows outside the window kept
    /// back from the newest of each (a store's stale rows) are ignored, as are rows with nobody. The version starts at 0
    /// and the capacity unset. Throws <see cref="ArgumentException"/> for a row no counter writes.
    /// </summary>
    public static ScopeCounter Restore(long shelterOccupants, DateTimeOffset? lastRecordedAt, IEnumerable<CountsRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var counter = new ScopeCounter { ShelterOccupants = shelterOccupants, LastRecordedAt = lastRecordedAt };
        foreach (var (kind, bucket, tally) in rows)
        {
            if (tally is null || kind is < BucketKind.Totals or > BucketKind.Month || (kind == BucketKind.Totals && bucket != 0)
                || (kind == BucketKind.Month && !MonthSlices.IsBucket(bucket)))
            {
                throw new ArgumentException($"Not a row of counts: {kind} {bucket}, tally {(tally is null ? "missing" : "set")}.", nameof(rows));
            }

            if (tally.IsEmpty)
            {
                continue;
            }

            var into = kind switch
            {
                BucketKind.Hour => counter._hours.ForWriting(bucket),
                BucketKind.Day => counter._days.ForWriting(bucket),
                BucketKind.Month => MonthFor(counter._months, bucket),
                _ => counter._totals,
            };
            into?.Add(tally);
        }

        return counter;
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

    /// <summary>SNM's table for a Panama month of one flow, as GetMonthlyReport defines it. Throws <see cref="QueryArgumentException"/> for a month it cannot report.</summary>
    public MonthlyReport MonthlyReport(Scope scope, uint year, uint month, Direction direction, DateTimeOffset now) =>
        MonthlyReportQuery.Run(this, scope, year, month, direction, now);

        private void NoteRecorded(DateTimeOffset recordedAt)
    {
        if (LastRecordedAt is not { } last || recordedAt > last)
        {
            LastRecordedAt = recordedAt;
        }
    }

    private static void AddKeptRows(List<CountsRow> rows, BucketKind kind, BucketRing ring, Dictionary<int, Tally> touched)
    {
        foreach (var bucket in touched.Keys)
        {
            // An emptied bucket is still written, so that a stored row never keeps people the counts no longer have.
            if (ring.Find(bucket) is { } tally)
            {
                rows.Add(new CountsRow(kind, bucket, tally.Clone()));
            }
        }
    }

    private static Tally MonthFor(Dictionary<int, Tally> months, int bucket)
    {
        if (!months.TryGetValue(bucket, out var tally))
        {
            tally = new Tally();
            months.Add(bucket, tally);
        }

        return tally;
    }

    private bool MonthsContain(Dictionary<int, Tally> months)
    {
        foreach (var (month, tally) in months)
        {
            if (!tally.IsEmpty && (!_months.TryGetValue(month, out var kept) || !kept.Contains(tally)))
            {
                return false;
            }
        }

        return true;
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

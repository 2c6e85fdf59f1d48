using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Counting;

/// <summary>Answers TopNationalities from a scope's totals and daily buckets.</summary>
internal static class NationalityRanking
{
    private const uint DefaultLimit = 10;
    private const uint MaxLimit = 250;

    public static TopNationalitiesResponse Run(
        ScopeCounter counter, uint limit, Movement movement, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        if (movement is < Movement.Unspecified or > Movement.RepatriationBoarding)
        {
            throw new QueryArgumentException("movement", "is not a known Movement value", false);
        }

        if (from is { } start && to is { } end && end <= start)
        {
            throw new QueryArgumentException("end_time", "must be after start_time", false);
        }

        var movementIndex = movement == Movement.Unspecified ? 0 : (int)movement - 1;
        var people = Sum(counter, movementIndex, from, to, now);
        var ranked = new List<NationalityCount>(people.Count);
        var total = 0UL;
        foreach (var (code, count) in people)
        {
            if (count != 0)
            {
                ranked.Add(new NationalityCount { Nationality = code.ToString(), People = count });
                total += count;
            }
        }

        ranked.Sort(static (a, b) => b.People != a.People ? b.People.CompareTo(a.People) : string.CompareOrdinal(a.Nationality, b.Nationality));
        var take = (int)Math.Min(limit == 0 ? DefaultLimit : Math.Min(limit, MaxLimit), (uint)ranked.Count);
        var response = new TopNationalitiesResponse { TotalPeople = total, OtherPeople = total };
        for (var i = 0; i < take; i++)
        {
            response.Nationalities.Add(ranked[i]);
            response.OtherPeople -= ranked[i].People;
        }

        return response;
    }

    /// <summary>People per nationality in the window: all time from the totals, else from whole Panama days kept.</summary>
    private static Dictionary<NationalityCode, ulong> Sum(ScopeCounter counter, int movementIndex, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var people = new Dictionary<NationalityCode, ulong>();
        if (from is null)
        {
            AddRows(people, counter.Totals, movementIndex, 1);
        }

        if (from is null && to is null)
        {
            return people;
        }

        var oldest = BucketTime.BucketOf(Granularity.Daily, now.UtcTicks) - ScopeCounter.DailyBucketsKept + 1;
        var firstDay = from is { } start ? BucketTime.BucketOf(Granularity.Daily, start.UtcTicks) : int.MinValue;
        var endDay = to is { } end ? BucketTime.EndBucketOf(Granularity.Daily, end.UtcTicks) : int.MaxValue;
        if (from is not null && firstDay < oldest)
        {
            throw new QueryArgumentException("start_time", SeriesQuery.OutOfRangeReason(Granularity.Daily, oldest), true);
        }

        if (from is null && endDay < oldest)
        {
            throw new QueryArgumentException("end_time", SeriesQuery.OutOfRangeReason(Granularity.Daily, oldest) + "; leave end_time unset to count all the records", true);
        }

        foreach (var (day, tally) in counter.Days.Kept())
        {
            if (from is null && day >= endDay)
            {
                AddRows(people, tally, movementIndex, -1);
            }
            else if (from is not null && day >= firstDay && day < endDay)
            {
                AddRows(people, tally, movementIndex, 1);
            }
        }

        return people;
    }

    private static void AddRows(Dictionary<NationalityCode, ulong> people, Tally tally, int movementIndex, int sign)
    {
        if (tally.Nationalities is not { } rows)
        {
            return;
        }

        foreach (var (code, counts) in rows)
        {
            people.TryGetValue(code, out var sum);
            people[code] = sign > 0 ? sum + counts[movementIndex] : sum - counts[movementIndex];
        }
    }
}

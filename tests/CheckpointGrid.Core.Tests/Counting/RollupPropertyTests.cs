using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Catalog;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Core.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core.Tests.Counting;

/// <summary>
/// Property: however events are batched into checkpoint deltas and region deltas, at quiescence the national counts
/// equal the sum of the regions', which equal the sums of their checkpoints', which equal a naive recount of the
/// raw events — totals, occupancy, every kept hourly and daily bucket, every month's report, top nationalities.
/// </summary>
public class RollupPropertyTests
{
    private static readonly DateTimeOffset Now = Crossings.Now;
    private static readonly string[] Nationalities = ["VEN", "HTI", "ECU", "COL", "CHN", "IND", "AFG", "CMR", "PER", "CUB", "OOO", "UZB"];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2024)]
    [InlineData(90210)]
    public void Rollups_of_randomly_batched_deltas_equal_the_sums_of_their_checkpoints_and_a_naive_recount(int seed)
    {
        var random = new Random(seed);
        var catalog = DefaultCatalog.Checkpoints;
        var events = new List<(Core.Catalog.Checkpoint Checkpoint, CrossingEvent Event, DateTimeOffset RecordedAt)>();
        var queues = catalog.ToDictionary(c => c.Id, _ => new Queue<CrossingEvent>());
        var eventCount = 3000 + random.Next(3000);
        for (var i = 0; i < eventCount; i++)
        {
            var checkpoint = catalog[random.Next(catalog.Count)];
            queues[checkpoint.Id].Enqueue(RandomEvent(random, checkpoint));
        }

        var checkpoints = catalog.ToDictionary(c => c.Id, _ => new ScopeCounter());
        var regions = catalog.Select(c => c.Region).Distinct().ToDictionary(r => r, _ => new ScopeCounter());
        var outgoing = regions.Keys.ToDictionary(r => r, _ => new Delta());
        var national = new ScopeCounter();
        var recordedAt = Now.AddMinutes(-30);
        while (queues.Values.Any(q => q.Count > 0))
        {
            var busy = catalog.Where(c => queues[c.Id].Count > 0).ToArray();
            var checkpoint = busy[random.Next(busy.Length)];
            var batch = new Delta();
            for (var size = random.Next(1, 64); size > 0 && queues[checkpoint.Id].TryDequeue(out var crossing); size--)
            {
                recordedAt = recordedAt.AddMilliseconds(random.Next(1, 200));
                Assert.Null(Core.Validation.CrossingEventValidator.ValidateSingle(crossing, Now));
                checkpoints[checkpoint.Id].Apply(crossing, recordedAt);
                batch.Add(crossing, recordedAt);
                events.Add((checkpoint, crossing, recordedAt));
            }

            regions[checkpoint.Region].Apply(batch);
            outgoing[checkpoint.Region].Add(batch);
            if (random.Next(4) == 0)
            {
                national.Apply(outgoing[checkpoint.Region]);
                outgoing[checkpoint.Region] = new Delta();
            }
        }

        foreach (var delta in outgoing.Values)
        {
            national.Apply(delta);
        }

        foreach (var (id, counter) in checkpoints)
        {
            AssertMatchesRecount(counter, new Scope { CheckpointId = id.Value }, [.. events.Where(e => e.Checkpoint.Id == id)]);
        }

        foreach (var (region, counter) in regions)
        {
            AssertMatchesRecount(counter, new Scope { Region = region.Value }, [.. events.Where(e => e.Checkpoint.Region == region)]);
            AssertIsSumOf(counter, catalog.Where(c => c.Region == region).Select(c => checkpoints[c.Id]));
        }

        AssertMatchesRecount(national, new Scope { National = new Empty() }, events);
        AssertIsSumOf(national, regions.Values);
        AssertIsSumOf(national, checkpoints.Values);
    }

    private static void AssertMatchesRecount(ScopeCounter counter, Scope scope, List<(Core.Catalog.Checkpoint Checkpoint, CrossingEvent Event, DateTimeOffset RecordedAt)> recorded)
    {
        var events = recorded.Select(r => r.Event).ToList();
        var counts = counter.ToScopeCounts(scope, Now);
        Assert.Equal(NaiveCounts.Of(events), counts.Totals);
        Assert.Equal(
            Sum(events, Movement.ShelterCheckIn) - Sum(events, Movement.ShelterCheckOut),
            counts.Shelter.Occupants);
        Assert.Equal(recorded.Count == 0 ? null : recorded.Max(r => r.RecordedAt), counter.LastRecordedAt);

        var byHour = events.ToLookup(e => NaiveCounts.HourOf(e.OccurredAt.ToDateTimeOffset()));
        var byDay = events.ToLookup(e => NaiveCounts.PanamaDayOf(e.OccurredAt.ToDateTimeOffset()));
        var hours = counter.TimeSeries(Granularity.Hourly, null, null, true, Now);
        var days = counter.TimeSeries(Granularity.Daily, Now.AddDays(-366), null, true, Now);
        Assert.Equal(48, hours.Count);
        Assert.Equal(367, days.Count);
        foreach (var hour in hours)
        {
            Assert.Equal(NaiveCounts.Of(byHour[hour.StartTime.ToDateTimeOffset()]), hour.Counts);
        }

        foreach (var day in days)
        {
            Assert.Equal(NaiveCounts.Of(byDay[day.StartTime.ToDateTimeOffset()]), day.Counts);
        }

        foreach (var (year, month) in events.Select(e => NaiveMonthlyReport.PanamaMonthOf(e.OccurredAt.ToDateTimeOffset())).Distinct())
        {
            foreach (var direction in new[] { Direction.Northbound, Direction.Southbound })
            {
                Assert.Equal(
                    NaiveMonthlyReport.Of(events, year, month, direction),
                    NaiveMonthlyReport.Numbers(counter.MonthlyReport(scope, (uint)year, (uint)month, direction, Now)));
            }
        }

        Assert.Equal(hours[^1], counts.CurrentHour);
        Assert.Equal(days[^1], counts.CurrentDay);

        var windowStart = Now.AddDays(-20);
        var inWindow = events.Where(e => e.OccurredAt.ToDateTimeOffset() >= NaiveCounts.PanamaDayOf(windowStart));
        AssertTop(NaiveCounts.Of(events).Departure, 5, counter.TopNationalities(5, Movement.Departure, null, null, Now));
        AssertTop(NaiveCounts.Of(inWindow).Arrival, 10, counter.TopNationalities(0, Movement.Arrival, windowStart, null, Now));
    }

    private static void AssertIsSumOf(ScopeCounter whole, IEnumerable<ScopeCounter> parts)
    {
        var scope = new Scope { National = new Empty() };
        var partList = parts.ToList();
        Assert.Equal(NaiveCounts.Sum(partList.Select(p => p.ToScopeCounts(scope, Now).Totals)), whole.ToScopeCounts(scope, Now).Totals);
        Assert.Equal(partList.Sum(p => p.ShelterOccupants), whole.ShelterOccupants);
        foreach (var granularity in new[] { Granularity.Hourly, Granularity.Daily })
        {
            var from = granularity == Granularity.Hourly ? (DateTimeOffset?)null : Now.AddDays(-366);
            var wholeSeries = whole.TimeSeries(granularity, from, null, true, Now);
            var partSeries = partList.Select(p => p.TimeSeries(granularity, from, null, true, Now)).ToList();
            for (var i = 0; i < wholeSeries.Count; i++)
            {
                Assert.Equal(NaiveCounts.Sum(partSeries.Select(s => s[i].Counts)), wholeSeries[i].Counts);
            }
        }
    }

    private static void AssertTop(MovementTally expected, int limit, TopNationalitiesResponse top)
    {
        var ranked = expected.ByNationality.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(ranked.Take(limit).Select(p => (p.Key, p.Value)), top.Nationalities.Select(n => (n.Nationality, n.People)));
        Assert.Equal(expected.People, top.TotalPeople);
        Assert.Equal(expected.People - ranked.Take(limit).Aggregate(0UL, (sum, p) => sum + p.Value), top.OtherPeople);
    }

    private static long Sum(IEnumerable<CrossingEvent> events, Movement movement) =>
        events.Where(e => e.Movement == movement).Sum(e => (long)e.Headcount);

    private static CrossingEvent RandomEvent(Random random, Core.Catalog.Checkpoint checkpoint)
    {
        var age = random.Next(100) switch
        {
            < 50 => TimeSpan.FromMinutes(random.Next(0, 72 * 60)),   // the last three days: the hour ring and its eviction
            < 80 => TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 60)),   // the last two months
            < 93 => TimeSpan.FromDays(random.Next(300, 800)),   // around and past the kept days: totals only when too old
            _ => TimeSpan.FromSeconds(-random.Next(0, 300)),   // up to five minutes ahead of the server's clock
        };
        var crossing = Crossings.Make(
            Now - age - TimeSpan.FromMilliseconds(random.Next(1000)),
            (Movement)random.Next(1, 6),
            (Direction)random.Next(1, 3),
            Nationalities[random.Next(Nationalities.Length)],
            (AgeGroup)random.Next(1, 7),
            (Sex)random.Next(1, 4),
            random.Next(10) == 0 ? (uint)random.Next(1, 1001) : (uint)random.Next(1, 6),
            checkpoint.Id.Value,
            $"terminal-{random.Next(3)}");
        return crossing;
    }
}

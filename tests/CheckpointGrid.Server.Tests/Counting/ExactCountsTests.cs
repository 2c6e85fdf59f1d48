using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Tests.Fixtures;

namespace CheckpointGrid.Server.Tests.Counting;

/// <summary>Counts served after a concurrent random stream equal a naive recount of the raw events, at every level.</summary>
public sealed class ExactCountsTests
{
    private const int EventCount = 3000;
    private const int Callers = 16;

    [Fact]
    public async Task Concurrent_random_stream_is_counted_exactly_by_checkpoint_region_and_nation_on_every_dimension()
    {
        await using var server = await GridServer.StartAsync();
        var catalog = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints;
        var events = Crossings.RandomStream(seed: 20250514, EventCount, catalog.Select(c => c.Id).ToList(), DateTimeOffset.UtcNow, TimeSpan.FromHours(40));
        // Every tenth event is sent a second time, concurrently with the rest: it must count once.
        var sends = events.Concat(events.Where((_, i) => i % 10 == 0)).ToArray();
        new Random(1).Shuffle(sends);
        var duplicates = 0;

        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (crossing, _) =>
        {
            if (await server.RecordAsync(crossing))
            {
                Interlocked.Increment(ref duplicates);
            }
        }).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(sends.Length - events.Count, duplicates);
        var checkpointTables = new List<SortedDictionary<string, ulong>>();
        var checkpointOccupants = 0L;
        foreach (var checkpoint in catalog)
        {
            var served = await server.CheckpointCountsAsync(checkpoint.Id);
            Assert.Equal(checkpoint.Id, served.Scope.CheckpointId);
            ScopeAssert.Matches(
                events.Where(e => e.CheckpointId == checkpoint.Id).ToList(),
                checkpoint.HasShelterCapacity ? checkpoint.ShelterCapacity : null,
                served,
                checkpoint.Id);
            checkpointTables.Add(CountsTable.Of(served.Totals));
            checkpointOccupants += served.Shelter.Occupants;
        }

        var regionTables = new List<SortedDictionary<string, ulong>>();
        var regionOccupants = 0L;
        foreach (var region in catalog.GroupBy(c => c.Region))
        {
            var ids = region.Select(c => c.Id).ToHashSet();
            var served = await server.RegionCountsAsync(region.Key);
            Assert.Equal(region.Key, served.Scope.Region);
            ScopeAssert.Matches(events.Where(e => ids.Contains(e.CheckpointId)).ToList(), CapacityOf(region), served, region.Key);
            regionTables.Add(CountsTable.Of(served.Totals));
            regionOccupants += served.Shelter.Occupants;
        }

        var national = await server.NationalCountsAsync();
        Assert.NotNull(national.Scope.National);
        ScopeAssert.Matches(events, CapacityOf(catalog), national, "national");
        CountsTable.AssertEqual(CountsTable.Sum(regionTables), CountsTable.Of(national.Totals), "national against the sum of the regions");
        CountsTable.AssertEqual(CountsTable.Sum(checkpointTables), CountsTable.Of(national.Totals), "national against the sum of the checkpoints");
        Assert.Equal(national.Shelter.Occupants, regionOccupants);
        Assert.Equal(national.Shelter.Occupants, checkpointOccupants);
    }

    private static uint? CapacityOf(IEnumerable<Contracts.V1.Checkpoint> checkpoints)
    {
        var withCapacity = checkpoints.Where(c => c.HasShelterCapacity).ToList();
        return withCapacity.Count == 0 ? null : (uint)withCapacity.Sum(c => c.ShelterCapacity);
    }
}

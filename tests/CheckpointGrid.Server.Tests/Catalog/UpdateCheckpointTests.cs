using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Server.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Server.Tests.Catalog;

/// <summary>UpdateCheckpoint: the mask, changed fields, and a region change carrying the counts along.</summary>
public sealed class UpdateCheckpointTests
{
    private static UpdateCheckpointRequest Update(Contracts.V1.Checkpoint checkpoint, params string[] paths)
    {
        var request = new UpdateCheckpointRequest { Checkpoint = checkpoint, UpdateMask = new FieldMask() };
        request.UpdateMask.Paths.AddRange(paths);
        return request;
    }

    [Fact]
    public async Task Empty_update_mask_is_INVALID_ARGUMENT_naming_update_mask()
    {
        await using var server = await GridServer.StartAsync();
        var changes = new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT", Name = "Renamed" };

        var empty = await server.FailureOfAsync(Rpcs.UpdateCheckpoint, Update(changes));
        var missing = await server.FailureOfAsync(Rpcs.UpdateCheckpoint, new UpdateCheckpointRequest { Checkpoint = changes });

        StatusAssert.Is(StatusCode.InvalidArgument, empty, "update_mask");
        StatusAssert.Is(StatusCode.InvalidArgument, missing, "update_mask");
        Assert.Equal("Metetí", (await server.CheckpointAsync("PA-DAR-MTT")).Name);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("shelterCapacity")]
    [InlineData("bogus")]
    public async Task Mask_naming_id_or_an_unknown_path_is_INVALID_ARGUMENT_naming_update_mask(string path)
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT" }, path));

        StatusAssert.Is(StatusCode.InvalidArgument, error, "update_mask");
    }

    [Fact]
    public async Task Update_of_an_unknown_checkpoint_is_NOT_FOUND()
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-XYZ", Name = "x" }, "name"));

        StatusAssert.Is(StatusCode.NotFound, error);
    }

    [Fact]
    public async Task New_value_that_breaks_a_rule_is_INVALID_ARGUMENT_naming_the_field()
    {
        await using var server = await GridServer.StartAsync();

        var region = await server.FailureOfAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT", Region = "Atlantis" }, "region"));
        var name = await server.FailureOfAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT" }, "name"));

        StatusAssert.Is(StatusCode.InvalidArgument, region, "region");
        StatusAssert.Is(StatusCode.InvalidArgument, name, "name");
        var metetí = await server.CheckpointAsync("PA-DAR-MTT");
        Assert.Equal(("Metetí", "Darién"), (metetí.Name, metetí.Region));
    }

    [Fact]
    public async Task Capacity_and_state_change_only_the_masked_fields_and_reach_the_counts_and_status()
    {
        await using var server = await GridServer.StartAsync();
        var before = await server.CheckpointAsync("PA-DAR-MTT");
        var changes = new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT", Name = "ignored: not in the mask", ShelterCapacity = 120, State = CheckpointState.Closed };

        var updated = (await server.CallAsync(Rpcs.UpdateCheckpoint, Update(changes, "shelter_capacity", "state"))).Checkpoint;

        var expected = before.Clone();
        expected.ShelterCapacity = 120;
        expected.State = CheckpointState.Closed;
        Assert.Equal(expected, updated);
        Assert.Equal(expected, await server.CheckpointAsync("PA-DAR-MTT"));
        Assert.Equal(120u, (await server.CheckpointCountsAsync("PA-DAR-MTT")).Shelter.Capacity);
        Assert.Equal(544u + 120, (await server.RegionCountsAsync("Darién")).Shelter.Capacity);
        Assert.Equal(544u + 578 + 120, (await server.NationalCountsAsync()).Shelter.Capacity);
        var status = (await server.CallAsync(Rpcs.ListCheckpointStatus, new ListCheckpointStatusRequest { Scope = new Scope { CheckpointId = "PA-DAR-MTT" } })).Statuses;
        Assert.Equal(expected, Assert.Single(status).Checkpoint);
        Assert.Equal(120u, status[0].Shelter.Capacity);
    }

    [Fact]
    public async Task Masked_capacity_left_unset_removes_it()
    {
        await using var server = await GridServer.StartAsync();

        var updated = (await server.CallAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-SVC" }, "shelter_capacity"))).Checkpoint;

        Assert.False(updated.HasShelterCapacity);
        Assert.False((await server.CheckpointAsync("PA-DAR-SVC")).HasShelterCapacity);
        Assert.False((await server.RegionCountsAsync("Darién")).Shelter.HasCapacity);
        Assert.Equal(578u, (await server.NationalCountsAsync()).Shelter.Capacity);
    }

    [Fact]
    public async Task Region_change_moves_the_counts_from_the_old_region_to_the_new_and_leaves_the_nation_unchanged()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var events = Crossings.RandomStream(seed: 7, count: 300, ["PA-DAR-MTT", "PA-DAR-SVC", "PA-COL-MRM"], now, TimeSpan.FromHours(40));
        foreach (var crossing in events)
        {
            Assert.False(await server.RecordAsync(crossing));
        }

        var nationalBefore = await server.NationalCountsAsync();

        var moved = (await server.CallAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT", Region = "Colón" }, "region"))).Checkpoint;

        Assert.Equal("Colón", moved.Region);
        var metetí = events.Where(e => e.CheckpointId == "PA-DAR-MTT").ToList();
        var sanVicente = events.Where(e => e.CheckpointId == "PA-DAR-SVC").ToList();
        var miramar = events.Where(e => e.CheckpointId == "PA-COL-MRM").ToList();
        ScopeAssert.Matches(sanVicente, 544, await server.RegionCountsAsync("Darién"), "Darién after the move");
        ScopeAssert.Matches([.. miramar, .. metetí], null, await server.RegionCountsAsync("Colón"), "Colón after the move");
        ScopeAssert.Matches(metetí, null, await server.CheckpointCountsAsync("PA-DAR-MTT"), "PA-DAR-MTT after the move");
        var nationalAfter = await server.NationalCountsAsync();
        ScopeAssert.Matches(events, 544 + 578, nationalAfter, "national after the move");
        Assert.Equal(nationalBefore.Totals, nationalAfter.Totals);
        Assert.Equal(nationalBefore.Shelter, nationalAfter.Shelter);

        var regions = (await server.CallAsync(Rpcs.ListRegions, new ListRegionsRequest())).Regions;
        Assert.Equal(["PA-COL-MRM", "PA-COL-PLQ", "PA-DAR-MTT"], regions.Single(r => r.Name == "Colón").CheckpointIds);
        Assert.Equal(["PA-DAR-JQE", "PA-DAR-LJB", "PA-DAR-SVC"], regions.Single(r => r.Name == "Darién").CheckpointIds);
    }

    [Fact]
    public async Task Region_change_carries_shelter_occupancy_capacity_and_hourly_series_along()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var events = Crossings.RandomStream(seed: 11, count: 200, ["PA-DAR-SVC", "PA-DAR-JQE", "PA-COL-PLQ"], now, TimeSpan.FromHours(40));
        foreach (var crossing in events)
        {
            await server.RecordAsync(crossing);
        }

        await server.CallAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-SVC", Region = "Colón" }, "region"));

        var stayed = events.Where(e => e.CheckpointId == "PA-DAR-JQE").ToList();
        var joined = events.Where(e => e.CheckpointId is "PA-DAR-SVC" or "PA-COL-PLQ").ToList();
        ScopeAssert.Matches(stayed, null, await server.RegionCountsAsync("Darién"), "Darién");
        ScopeAssert.Matches(joined, 544, await server.RegionCountsAsync("Colón"), "Colón");
        foreach (var (region, expected) in new[] { ("Darién", stayed), ("Colón", joined) })
        {
            var series = (await server.CallAsync(Rpcs.GetTimeSeries, new GetTimeSeriesRequest
            {
                Scope = new Scope { Region = region },
                Granularity = Granularity.Hourly,
                StartTime = Timestamp.FromDateTimeOffset(now.AddHours(-46)),
                IncludeNationalities = true,
            })).Buckets;
            foreach (var bucket in series)
            {
                ScopeAssert.BucketMatches(expected, bucket, bucket.StartTime.ToDateTimeOffset(), bucket.StartTime.ToDateTimeOffset().AddHours(1), true, $"{region} hour {bucket.StartTime}");
            }

            CountsTable.AssertEqual(CountsTable.Of(expected), CountsTable.Sum(series.Select(b => CountsTable.Of(b.Counts))), $"{region} hourly series");
        }
    }

    [Fact]
    public async Task Region_changes_during_concurrent_ingestion_lose_and_double_nothing()
    {
        await using var server = await GridServer.StartAsync();
        var events = Crossings.RandomStream(seed: 3, count: 1600, ["PA-DAR-MTT", "PA-DAR-SVC", "PA-COL-MRM", "PA-CHI-LPG"], DateTimeOffset.UtcNow, TimeSpan.FromHours(40));
        var recorded = 0;
        var quarterRecorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var halfRecorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var ingestion = Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (crossing, _) =>
        {
            await server.RecordAsync(crossing);
            var count = Interlocked.Increment(ref recorded);
            if (count == events.Count / 4)
            {
                quarterRecorded.SetResult();
            }
            else if (count == events.Count / 2)
            {
                halfRecorded.SetResult();
            }
        });
        await quarterRecorded.Task.WaitAsync(GridServer.Patience);
        await server.CallAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT", Region = "Colón" }, "region"));
        await halfRecorded.Task.WaitAsync(GridServer.Patience);
        await server.CallAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT", Region = "Chiriquí" }, "region"));
        await ingestion.WaitAsync(TimeSpan.FromMinutes(1));

        List<CrossingEvent> At(params string[] ids) => events.Where(e => ids.Contains(e.CheckpointId)).ToList();
        ScopeAssert.Matches(At("PA-DAR-SVC"), 544, await server.RegionCountsAsync("Darién"), "Darién");
        ScopeAssert.Matches(At("PA-COL-MRM"), null, await server.RegionCountsAsync("Colón"), "Colón");
        ScopeAssert.Matches(At("PA-CHI-LPG", "PA-DAR-MTT"), 578, await server.RegionCountsAsync("Chiriquí"), "Chiriquí");
        ScopeAssert.Matches(events, 544 + 578, await server.NationalCountsAsync(), "national");
    }

    [Fact]
    public async Task Events_after_a_region_change_count_in_the_new_region()
    {
        await using var server = await GridServer.StartAsync();
        var earlier = Crossings.One("PA-DAR-MTT", Movement.ShelterCheckIn, headcount: 4);
        await server.RecordAsync(earlier);

        await server.CallAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-DAR-MTT", Region = "Colón" }, "region"));
        var later = Crossings.One("PA-DAR-MTT", Movement.Departure, headcount: 6, nationality: "ECU");
        await server.RecordAsync(later);

        ScopeAssert.Matches([earlier, later], null, await server.RegionCountsAsync("Colón"), "Colón");
        ScopeAssert.Matches([], 544, await server.RegionCountsAsync("Darién"), "Darién");
        ScopeAssert.Matches([earlier, later], 544 + 578, await server.NationalCountsAsync(), "national");
    }

    [Fact]
    public async Task Region_change_to_a_region_without_checkpoints_creates_it_and_empties_the_old_one()
    {
        await using var server = await GridServer.StartAsync();
        var crossing = Crossings.One("PA-PAO-BLB", Movement.RepatriationBoarding, headcount: 80, nationality: "IND");
        await server.RecordAsync(crossing);

        await server.CallAsync(Rpcs.UpdateCheckpoint, Update(new Contracts.V1.Checkpoint { Id = "PA-PAO-BLB", Region = "Coclé" }, "region"));

        ScopeAssert.Matches([crossing], null, await server.RegionCountsAsync("Coclé"), "Coclé");
        var gone = await server.FailureOfAsync(Rpcs.GetRegionCounts, new GetRegionCountsRequest { Region = "Panamá Oeste" });
        StatusAssert.Is(StatusCode.NotFound, gone, "region");
        ScopeAssert.Matches([crossing], 544 + 578, await server.NationalCountsAsync(), "national");
    }
}

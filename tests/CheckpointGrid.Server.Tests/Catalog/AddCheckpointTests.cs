using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Server.Tests.Fixtures;

namespace CheckpointGrid.Server.Tests.Catalog;

/// <summary>AddCheckpoint: what it refuses, and that a new checkpoint is counted at once.</summary>
public sealed class AddCheckpointTests
{
    private static Contracts.V1.Checkpoint Santiago() => new()
    {
        Id = "PA-VER-STG",
        Name = "Santiago bus terminal",
        Kind = CheckpointKind.TransitHub,
        Region = "Veraguas",
        Location = new GeoPoint { Latitude = 8.1, Longitude = -80.98 },
        ShelterCapacity = 40,
    };

    [Fact]
    public async Task Added_checkpoint_is_stored_ACTIVE_and_listed_under_its_region()
    {
        await using var server = await GridServer.StartAsync();

        var added = (await server.CallAsync(Rpcs.AddCheckpoint, new AddCheckpointRequest { Checkpoint = Santiago() })).Checkpoint;

        var expected = Santiago();
        expected.State = CheckpointState.Active;
        Assert.Equal(expected, added);
        Assert.Equal(expected, await server.CheckpointAsync("PA-VER-STG"));
        var regions = (await server.CallAsync(Rpcs.ListRegions, new ListRegionsRequest())).Regions;
        var veraguas = Assert.Single(regions, r => r.Name == "Veraguas");
        Assert.Equal(["PA-VER-STG"], veraguas.CheckpointIds);
        Assert.Equal(regions.Select(r => r.Name).Order(StringComparer.Ordinal), regions.Select(r => r.Name));
    }

    [Fact]
    public async Task Added_checkpoint_takes_events_at_once_and_its_region_and_the_nation_count_them()
    {
        await using var server = await GridServer.StartAsync();
        await server.CallAsync(Rpcs.AddCheckpoint, new AddCheckpointRequest { Checkpoint = Santiago() });
        CrossingEvent[] events =
        [
            Crossings.One("PA-VER-STG", Movement.Arrival, headcount: 5),
            Crossings.One("PA-VER-STG", Movement.ShelterCheckIn, headcount: 3, nationality: "HTI"),
        ];

        foreach (var crossing in events)
        {
            Assert.False(await server.RecordAsync(crossing));
        }

        ScopeAssert.Matches(events, 40, await server.CheckpointCountsAsync("PA-VER-STG"), "PA-VER-STG");
        ScopeAssert.Matches(events, 40, await server.RegionCountsAsync("Veraguas"), "Veraguas");
        ScopeAssert.Matches(events, 544 + 578 + 40, await server.NationalCountsAsync(), "national");
    }

    [Fact]
    public async Task Unknown_region_is_INVALID_ARGUMENT_naming_region()
    {
        await using var server = await GridServer.StartAsync();
        var checkpoint = Santiago();
        checkpoint.Region = "Atlantis";

        var error = await server.FailureOfAsync(Rpcs.AddCheckpoint, new AddCheckpointRequest { Checkpoint = checkpoint });

        StatusAssert.Is(StatusCode.InvalidArgument, error, "region");
        await AssertNotAddedAsync(server, checkpoint.Id);
    }

    [Theory]
    [InlineData("id", "lowercase id")]
    [InlineData("id", "empty id")]
    [InlineData("name", "empty name")]
    [InlineData("name", "blank name")]
    [InlineData("kind", "no kind")]
    [InlineData("region", "empty region")]
    [InlineData("latitude", "latitude 91")]
    [InlineData("latitude", "latitude NaN")]
    [InlineData("longitude", "longitude -181")]
    [InlineData("shelter_capacity", "capacity 0")]
    public async Task Field_that_breaks_a_rule_is_INVALID_ARGUMENT_naming_it(string field, string breach)
    {
        await using var server = await GridServer.StartAsync();
        var checkpoint = Santiago();
        switch (breach)
        {
            case "lowercase id": checkpoint.Id = "pa-ver-stg"; break;
            case "empty id": checkpoint.Id = ""; break;
            case "empty name": checkpoint.Name = ""; break;
            case "blank name": checkpoint.Name = "   "; break;
            case "no kind": checkpoint.Kind = CheckpointKind.Unspecified; break;
            case "empty region": checkpoint.Region = ""; break;
            case "latitude 91": checkpoint.Location.Latitude = 91; break;
            case "latitude NaN": checkpoint.Location.Latitude = double.NaN; break;
            case "longitude -181": checkpoint.Location.Longitude = -181; break;
            case "capacity 0": checkpoint.ShelterCapacity = 0; break;
            default: throw new ArgumentOutOfRangeException(nameof(breach), breach, "no such case");
        }

        var error = await server.FailureOfAsync(Rpcs.AddCheckpoint, new AddCheckpointRequest { Checkpoint = checkpoint });

        StatusAssert.Is(StatusCode.InvalidArgument, error, field);
        await AssertNotAddedAsync(server, "PA-VER-STG");
    }

    [Fact]
    public async Task Missing_checkpoint_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.AddCheckpoint, new AddCheckpointRequest());

        StatusAssert.Is(StatusCode.InvalidArgument, error, "checkpoint");
    }

    [Fact]
    public async Task Taken_id_is_ALREADY_EXISTS_and_leaves_the_existing_checkpoint_as_it_was()
    {
        await using var server = await GridServer.StartAsync();
        var impostor = Santiago();
        impostor.Id = "PA-DAR-SVC";

        var error = await server.FailureOfAsync(Rpcs.AddCheckpoint, new AddCheckpointRequest { Checkpoint = impostor });

        StatusAssert.Is(StatusCode.AlreadyExists, error);
        var svc = await server.CheckpointAsync("PA-DAR-SVC");
        Assert.Equal("ETRM San Vicente", svc.Name);
        Assert.Equal("Darién", svc.Region);
    }

    private static async Task AssertNotAddedAsync(GridServer server, string id)
    {
        var listed = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints;
        Assert.Equal(15, listed.Count);
        Assert.DoesNotContain(listed, c => c.Id == id);
    }
}

using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Server.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Server.Tests.Query;

/// <summary>ListCheckpointStatus: each checkpoint's occupancy against capacity, and when it last recorded an event.</summary>
public sealed class CheckpointStatusTests
{
    private static async Task<IList<CheckpointStatus>> StatusesAsync(GridServer server, Scope? scope = null) =>
        (await server.CallAsync(Rpcs.ListCheckpointStatus, new ListCheckpointStatusRequest { Scope = scope })).Statuses;

    [Fact]
    public async Task Occupancy_is_check_ins_less_check_outs_against_the_capacity()
    {
        await using var server = await GridServer.StartAsync();
        var recordedFrom = DateTimeOffset.UtcNow;
        await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.ShelterCheckIn, headcount: 10));
        await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.ShelterCheckIn, headcount: 6, nationality: "HTI"));
        await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.ShelterCheckOut, headcount: 3));
        await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.Arrival, headcount: 40));
        var recordedUntil = DateTimeOffset.UtcNow;

        var statuses = await StatusesAsync(server);

        Assert.Equal(
            (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints,
            statuses.Select(s => s.Checkpoint));
        var svc = statuses.Single(s => s.Checkpoint.Id == "PA-DAR-SVC");
        Assert.Equal(13, svc.Shelter.Occupants);
        Assert.Equal(544u, svc.Shelter.Capacity);
        Assert.NotNull(svc.LastRecordedAt);
        Assert.InRange(svc.LastRecordedAt.ToDateTimeOffset(), recordedFrom, recordedUntil);
        var lpg = statuses.Single(s => s.Checkpoint.Id == "PA-CHI-LPG");
        Assert.Equal((0L, 578u), (lpg.Shelter.Occupants, lpg.Shelter.Capacity));
        Assert.Null(lpg.LastRecordedAt);
        var ljb = statuses.Single(s => s.Checkpoint.Id == "PA-DAR-LJB");
        Assert.False(ljb.Shelter.HasCapacity);
        Assert.Equal(CheckpointState.Closed, ljb.Checkpoint.State);
    }

    [Fact]
    public async Task Occupancy_goes_negative_when_more_check_out_than_were_seen_checking_in()
    {
        await using var server = await GridServer.StartAsync();
        await server.RecordAsync(Crossings.One("PA-CHI-LPG", Movement.ShelterCheckIn, headcount: 2));
        await server.RecordAsync(Crossings.One("PA-CHI-LPG", Movement.ShelterCheckOut, headcount: 5));

        var lpg = Assert.Single(await StatusesAsync(server, new Scope { CheckpointId = "PA-CHI-LPG" }));

        Assert.Equal(-3, lpg.Shelter.Occupants);
        Assert.Equal(-3, (await server.RegionCountsAsync("Chiriquí")).Shelter.Occupants);
        Assert.Equal(-3, (await server.NationalCountsAsync()).Shelter.Occupants);
    }

    [Fact]
    public async Task Last_recorded_at_is_the_server_time_of_the_last_new_event_and_a_duplicate_leaves_it()
    {
        await using var server = await GridServer.StartAsync();
        // occurred_at far in the past: last_recorded_at is when the server recorded the event, not when it happened.
        var crossing = Crossings.One("PA-GNA-POB", occurredAt: DateTimeOffset.UtcNow.AddDays(-3));
        var before = DateTimeOffset.UtcNow;
        await server.RecordAsync(crossing);
        var after = DateTimeOffset.UtcNow;
        var first = Assert.Single(await StatusesAsync(server, new Scope { CheckpointId = "PA-GNA-POB" })).LastRecordedAt;

        Assert.True(await server.RecordAsync(crossing));
        var again = Assert.Single(await StatusesAsync(server, new Scope { CheckpointId = "PA-GNA-POB" })).LastRecordedAt;

        Assert.InRange(first.ToDateTimeOffset(), before, after);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Region_scope_lists_its_checkpoints_by_id_in_any_state()
    {
        await using var server = await GridServer.StartAsync();

        var darién = await StatusesAsync(server, new Scope { Region = "Darién" });
        var national = await StatusesAsync(server, new Scope { National = new Empty() });

        Assert.Equal(["PA-DAR-JQE", "PA-DAR-LJB", "PA-DAR-MTT", "PA-DAR-SVC"], darién.Select(s => s.Checkpoint.Id));
        Assert.Equal(15, national.Count);
        Assert.All(national, s => Assert.Equal(0, s.Shelter.Occupants));
    }

    [Fact]
    public async Task Unknown_checkpoint_or_region_is_NOT_FOUND()
    {
        await using var server = await GridServer.StartAsync();

        var checkpoint = await server.FailureOfAsync(Rpcs.ListCheckpointStatus, new ListCheckpointStatusRequest { Scope = new Scope { CheckpointId = "PA-DAR-XYZ" } });
        var region = await server.FailureOfAsync(Rpcs.ListCheckpointStatus, new ListCheckpointStatusRequest { Scope = new Scope { Region = "Veraguas" } });

        StatusAssert.Is(StatusCode.NotFound, checkpoint, "checkpoint_id");
        StatusAssert.Is(StatusCode.NotFound, region, "region");
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// A checkpoint added through CatalogService and the events acknowledged there survive a crash (SIGKILL right
/// after the last ack) and restart of the real server process on the same data directory: the catalog, the
/// checkpoint's, its region's and the national counts, and the events' deduplication.
/// </summary>
public sealed class AddedCheckpointRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly Method<AddCheckpointRequest, AddCheckpointResponse> AddCheckpoint =
        Rpc.Of<AddCheckpointRequest, AddCheckpointResponse>(CatalogReflection.Descriptor.Services[0], "AddCheckpoint");
    private static readonly Method<GetCheckpointRequest, GetCheckpointResponse> GetCheckpoint =
        Rpc.Of<GetCheckpointRequest, GetCheckpointResponse>(CatalogReflection.Descriptor.Services[0], "GetCheckpoint");
    private static readonly Method<ListRegionsRequest, ListRegionsResponse> ListRegions =
        Rpc.Of<ListRegionsRequest, ListRegionsResponse>(CatalogReflection.Descriptor.Services[0], "ListRegions");
    private static readonly Method<RecordCrossingRequest, RecordCrossingResponse> RecordCrossing =
        Rpc.Of<RecordCrossingRequest, RecordCrossingResponse>(IngestReflection.Descriptor.Services[0], "RecordCrossing");
    private static readonly Method<GetCheckpointCountsRequest, GetCheckpointCountsResponse> CheckpointCounts =
        Rpc.Of<GetCheckpointCountsRequest, GetCheckpointCountsResponse>(QueryReflection.Descriptor.Services[0], "GetCheckpointCounts");
    private static readonly Method<GetRegionCountsRequest, GetRegionCountsResponse> RegionCounts =
        Rpc.Of<GetRegionCountsRequest, GetRegionCountsResponse>(QueryReflection.Descriptor.Services[0], "GetRegionCounts");
    private static readonly Method<GetNationalCountsRequest, GetNationalCountsResponse> NationalCounts =
        Rpc.Of<GetNationalCountsRequest, GetNationalCountsResponse>(QueryReflection.Descriptor.Services[0], "GetNationalCounts");

    private RestartableServer? _server;

    public async Task InitializeAsync() => _server = await RestartableServer.StartAsync(Patience);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Added_checkpoint_and_its_acknowledged_events_survive_a_kill_and_restart()
    {
        CrossingEvent[] events =
        [
            Crossings.One("PA-VER-STG", Movement.Arrival, headcount: 5),
            Crossings.One("PA-VER-STG", Movement.ShelterCheckIn, headcount: 3, nationality: "HTI"),
        ];
        Checkpoint added;
        using (var channel = GrpcChannel.ForAddress(_server!.Address))
        {
            added = (await channel.UnaryAsync(AddCheckpoint, new AddCheckpointRequest { Checkpoint = Santiago() })).Checkpoint;
            Assert.Equal(CheckpointState.Active, added.State);
            foreach (var crossing in events)
            {
                Assert.False((await channel.UnaryAsync(RecordCrossing, new RecordCrossingRequest { Event = crossing })).Duplicate);
            }
        }

        // Nothing read back before the crash: only what the acks promised is on disk.
        await _server!.KillAsync();
        await _server.RestartAsync();

        using var restarted = GrpcChannel.ForAddress(_server!.Address);
        Assert.Equal(added, (await restarted.UnaryAsync(GetCheckpoint, new GetCheckpointRequest { Id = "PA-VER-STG" })).Checkpoint);
        var regions = (await restarted.UnaryAsync(ListRegions, new ListRegionsRequest())).Regions;
        Assert.Equal(["PA-VER-STG"], Assert.Single(regions, r => r.Name == "Veraguas").CheckpointIds);

        var checkpoint = (await restarted.UnaryAsync(CheckpointCounts, new GetCheckpointCountsRequest { CheckpointId = "PA-VER-STG" })).Counts;
        CountRows.AssertMatch(events, checkpoint.Totals, "PA-VER-STG");
        Assert.Equal(3, checkpoint.Shelter.Occupants);
        Assert.Equal(40u, checkpoint.Shelter.Capacity);
        var region = (await restarted.UnaryAsync(RegionCounts, new GetRegionCountsRequest { Region = "Veraguas" })).Counts;
        CountRows.AssertMatch(events, region.Totals, "Veraguas");
        Assert.Equal(3, region.Shelter.Occupants);
        Assert.Equal(40u, region.Shelter.Capacity);
        // A fresh data directory: the nation holds these events and nothing else.
        var national = (await restarted.UnaryAsync(NationalCounts, new GetNationalCountsRequest())).Counts;
        CountRows.AssertMatch(events, national.Totals, "national");
        Assert.Equal(3, national.Shelter.Occupants);

        // The restarted server still knows the events: recording one again counts nothing.
        Assert.True((await restarted.UnaryAsync(RecordCrossing, new RecordCrossingRequest { Event = events[0] })).Duplicate);
        var after = (await restarted.UnaryAsync(CheckpointCounts, new GetCheckpointCountsRequest { CheckpointId = "PA-VER-STG" })).Counts;
        CountRows.AssertMatch(events, after.Totals, "PA-VER-STG after a repeat");
    }


    private static Checkpoint Santiago() => new()
    {
        Id = "PA-VER-STG",
        Name = "Santiago bus terminal",
        Kind = CheckpointKind.TransitHub,
        Region = "Veraguas",
        Location = new GeoPoint { Latitude = 8.1, Longitude = -80.98 },
        ShelterCapacity = 40,
    };
}

using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Server.Tests.Fixtures;

namespace CheckpointGrid.Server.Tests.Catalog;

/// <summary>ListCheckpoints, GetCheckpoint and ListRegions over the default catalog of Panama's checkpoints.</summary>
public sealed class CatalogListingTests
{
    // The catalog the server ships with (checkpoints.csv), ordered by id: kind, region, shelter capacity, state.
    private static readonly (string Id, CheckpointKind Kind, string Region, uint? Capacity, CheckpointState State)[] Default =
    [
        ("PA-CHI-LPG", CheckpointKind.ReceptionStation, "Chiriquí", 578, CheckpointState.Active),
        ("PA-CHI-PCN", CheckpointKind.LandBorder, "Chiriquí", null, CheckpointState.Active),
        ("PA-COL-MRM", CheckpointKind.SeaPort, "Colón", null, CheckpointState.Active),
        ("PA-COL-PLQ", CheckpointKind.SeaPort, "Colón", null, CheckpointState.Active),
        ("PA-DAR-BCH", CheckpointKind.CommunityReceptionPoint, "Emberá-Wounaan", null, CheckpointState.Closed),
        ("PA-DAR-CNM", CheckpointKind.CommunityReceptionPoint, "Emberá-Wounaan", null, CheckpointState.Closed),
        ("PA-DAR-JQE", CheckpointKind.SeaPort, "Darién", null, CheckpointState.Active),
        ("PA-DAR-LJB", CheckpointKind.ReceptionStation, "Darién", null, CheckpointState.Closed),
        ("PA-DAR-MTT", CheckpointKind.TransitHub, "Darién", null, CheckpointState.Active),
        ("PA-DAR-SVC", CheckpointKind.ReceptionStation, "Darién", 544, CheckpointState.Active),
        ("PA-GNA-CRT", CheckpointKind.SeaPort, "Guna Yala", null, CheckpointState.Active),
        ("PA-GNA-POB", CheckpointKind.SeaPort, "Guna Yala", null, CheckpointState.Active),
        ("PA-PAN-PAC", CheckpointKind.Airport, "Panamá", null, CheckpointState.Active),
        ("PA-PAN-PTY", CheckpointKind.Airport, "Panamá", null, CheckpointState.Active),
        ("PA-PAO-BLB", CheckpointKind.Airport, "Panamá Oeste", null, CheckpointState.Active),
    ];

    [Fact]
    public async Task Lists_the_15_real_checkpoints_ordered_by_id_with_kind_region_capacity_and_state()
    {
        await using var server = await GridServer.StartAsync();

        var listed = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints;

        Assert.Equal(
            Default.Select(c => (c.Id, c.Kind, c.Region, c.Capacity, c.State)),
            listed.Select(c => (c.Id, c.Kind, c.Region, c.HasShelterCapacity ? c.ShelterCapacity : (uint?)null, c.State)));
    }

    [Fact]
    public async Task San_Vicente_is_described_in_full()
    {
        await using var server = await GridServer.StartAsync();

        var svc = await server.CheckpointAsync("PA-DAR-SVC");

        Assert.Equal("ETRM San Vicente", svc.Name);
        Assert.Equal(CheckpointKind.ReceptionStation, svc.Kind);
        Assert.Equal("Darién", svc.Region);
        Assert.Equal(544u, svc.ShelterCapacity);
        Assert.Equal(CheckpointState.Active, svc.State);
        Assert.Equal(8.49909, svc.Location.Latitude);
        Assert.Equal(-77.97897, svc.Location.Longitude);
        Assert.Equal("proxy: Metetí", svc.Location.Note);
        Assert.Contains("544 beds", svc.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_without_published_coordinates_has_no_location()
    {
        await using var server = await GridServer.StartAsync();

        var bajoChiquito = await server.CheckpointAsync("PA-DAR-BCH");

        Assert.Null(bajoChiquito.Location);
        Assert.False(bajoChiquito.HasShelterCapacity);
    }

    [Theory]
    [InlineData("Darién", CheckpointKind.Unspecified, CheckpointState.Unspecified, "PA-DAR-JQE,PA-DAR-LJB,PA-DAR-MTT,PA-DAR-SVC")]
    [InlineData("", CheckpointKind.Airport, CheckpointState.Unspecified, "PA-PAN-PAC,PA-PAN-PTY,PA-PAO-BLB")]
    [InlineData("", CheckpointKind.Unspecified, CheckpointState.Closed, "PA-DAR-BCH,PA-DAR-CNM,PA-DAR-LJB")]
    [InlineData("Darién", CheckpointKind.ReceptionStation, CheckpointState.Active, "PA-DAR-SVC")]
    [InlineData("Chiriquí", CheckpointKind.SeaPort, CheckpointState.Unspecified, "")]
    [InlineData("Veraguas", CheckpointKind.Unspecified, CheckpointState.Unspecified, "")]
    public async Task Filters_match_all_together(string region, CheckpointKind kind, CheckpointState state, string expectedIds)
    {
        await using var server = await GridServer.StartAsync();

        var listed = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest { Region = region, Kind = kind, State = state })).Checkpoints;

        Assert.Equal(expectedIds, string.Join(",", listed.Select(c => c.Id)));
    }

    [Fact]
    public async Task Filter_by_a_region_of_Panama_no_checkpoint_has_lists_nothing()
    {
        await using var server = await GridServer.StartAsync();

        var listed = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest { Region = "Veraguas" })).Checkpoints;

        Assert.Empty(listed);
    }

    [Theory]
    [InlineData("darién")]
    [InlineData("Atlantis")]
    public async Task Filter_by_a_name_that_is_not_a_region_of_Panama_is_INVALID_ARGUMENT(string region)
    {
        await using var server = await GridServer.StartAsync();

        // Regions are compared exactly (catalog.proto), so a misspelt one is refused rather than matching nothing.
        var error = await server.FailureOfAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest { Region = region });

        StatusAssert.Is(StatusCode.InvalidArgument, error, "region");
    }

    [Fact]
    public async Task Filter_by_an_enum_value_the_server_does_not_know_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();

        var kind = await server.FailureOfAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest { Kind = (CheckpointKind)99 });
        var state = await server.FailureOfAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest { State = (CheckpointState)7 });

        StatusAssert.Is(StatusCode.InvalidArgument, kind, "kind");
        StatusAssert.Is(StatusCode.InvalidArgument, state, "state");
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_NOT_FOUND()
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.GetCheckpoint, new GetCheckpointRequest { Id = "PA-DAR-XYZ" });

        StatusAssert.Is(StatusCode.NotFound, error, "id");
    }

    [Fact]
    public async Task Get_with_an_empty_id_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.GetCheckpoint, new GetCheckpointRequest());

        StatusAssert.Is(StatusCode.InvalidArgument, error, "id");
    }

    [Fact]
    public async Task Regions_are_listed_by_name_with_their_checkpoints_by_id()
    {
        await using var server = await GridServer.StartAsync();

        var regions = (await server.CallAsync(Rpcs.ListRegions, new ListRegionsRequest())).Regions;

        Assert.Equal(
            [
                "Chiriquí: PA-CHI-LPG,PA-CHI-PCN",
                "Colón: PA-COL-MRM,PA-COL-PLQ",
                "Darién: PA-DAR-JQE,PA-DAR-LJB,PA-DAR-MTT,PA-DAR-SVC",
                "Emberá-Wounaan: PA-DAR-BCH,PA-DAR-CNM",
                "Guna Yala: PA-GNA-CRT,PA-GNA-POB",
                "Panamá: PA-PAN-PAC,PA-PAN-PTY",
                "Panamá Oeste: PA-PAO-BLB",
            ],
            regions.Select(r => $"{r.Name}: {string.Join(",", r.CheckpointIds)}"));
    }
}

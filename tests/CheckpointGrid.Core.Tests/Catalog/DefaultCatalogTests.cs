using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Core.Tests.Catalog;

/// <summary>The default catalog is the 15 real checkpoints of checkpoints.csv, read as written.</summary>
public class DefaultCatalogTests
{
    private static readonly IReadOnlyList<Core.Catalog.Checkpoint> Checkpoints = DefaultCatalog.Checkpoints;

    [Fact]
    public void It_loads_all_fifteen_rows_in_file_order()
    {
        Assert.Equal(15, Checkpoints.Count);
        Assert.Equal("PA-DAR-LJB", Checkpoints[0].Id.Value);
        Assert.Equal("PA-PAO-BLB", Checkpoints[^1].Id.Value);
        Assert.Equal(15, Checkpoints.Select(c => c.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("PA-DAR-LJB", "ETRM Lajas Blancas", CheckpointKind.ReceptionStation, "Darién")]
    [InlineData("PA-DAR-SVC", "ETRM San Vicente", CheckpointKind.ReceptionStation, "Darién")]
    [InlineData("PA-DAR-BCH", "Bajo Chiquito", CheckpointKind.CommunityReceptionPoint, "Emberá-Wounaan")]
    [InlineData("PA-DAR-CNM", "Canaán Membrillo", CheckpointKind.CommunityReceptionPoint, "Emberá-Wounaan")]
    [InlineData("PA-DAR-MTT", "Metetí", CheckpointKind.TransitHub, "Darién")]
    [InlineData("PA-DAR-JQE", "Jaqué", CheckpointKind.SeaPort, "Darién")]
    [InlineData("PA-CHI-LPG", "ETRM Los Planes de Gualaca", CheckpointKind.ReceptionStation, "Chiriquí")]
    [InlineData("PA-CHI-PCN", "Paso Canoas", CheckpointKind.LandBorder, "Chiriquí")]
    [InlineData("PA-GNA-POB", "Puerto Obaldía", CheckpointKind.SeaPort, "Guna Yala")]
    [InlineData("PA-GNA-CRT", "Cartí / Gardi Sugdub", CheckpointKind.SeaPort, "Guna Yala")]
    [InlineData("PA-COL-MRM", "Miramar (Santa Isabel)", CheckpointKind.SeaPort, "Colón")]
    [InlineData("PA-COL-PLQ", "Palenque pier", CheckpointKind.SeaPort, "Colón")]
    [InlineData("PA-PAN-PTY", "Tocumen International Airport", CheckpointKind.Airport, "Panamá")]
    [InlineData("PA-PAN-PAC", "Albrook Marcos A. Gelabert Airport", CheckpointKind.Airport, "Panamá")]
    [InlineData("PA-PAO-BLB", "Panamá Pacífico (Howard)", CheckpointKind.Airport, "Panamá Oeste")]
    public void Each_row_has_its_name_kind_and_region(string id, string name, CheckpointKind kind, string region)
    {
        var checkpoint = Find(id);

        Assert.Equal(name, checkpoint.Name);
        Assert.Equal(kind, checkpoint.Kind);
        Assert.Equal(region, checkpoint.Region.Value);
    }

    [Fact]
    public void Only_San_Vicente_and_Los_Planes_have_a_published_shelter_capacity()
    {
        var capacities = Checkpoints.Where(c => c.ShelterCapacity is not null).ToDictionary(c => c.Id.Value, c => c.ShelterCapacity);

        Assert.Equal(new Dictionary<string, uint?> { ["PA-DAR-SVC"] = 544, ["PA-CHI-LPG"] = 578 }, capacities);
    }

    [Fact]
    public void Checkpoints_whose_notes_say_closed_are_closed()
    {
        var closed = Checkpoints.Where(c => c.State == CheckpointState.Closed).Select(c => c.Id.Value).ToArray();

        Assert.Equal(["PA-DAR-LJB", "PA-DAR-BCH", "PA-DAR-CNM"], closed);
        Assert.All(Checkpoints.Where(c => c.State != CheckpointState.Closed), c => Assert.Equal(CheckpointState.Active, c.State));
    }

    [Fact]
    public void Coordinates_and_their_note_are_read_and_missing_ones_are_absent()
    {
        var sanVicente = Find("PA-DAR-SVC");
        var bajoChiquito = Find("PA-DAR-BCH");

        Assert.Equal(new GeoLocation(8.49909, -77.97897, "proxy: Metetí"), sanVicente.Location);
        Assert.Null(bajoChiquito.Location);
        Assert.Equal(13, Checkpoints.Count(c => c.Location is not null));
    }

    [Fact]
    public void Quoted_notes_keep_their_commas()
    {
        Assert.Equal("main Darién reception station; peak ~10,000 people in a day; closed 2025-05-14 (tvn-2, EFE)", Find("PA-DAR-LJB").Notes);
    }

    [Fact]
    public void Every_entry_survives_the_round_trip_through_the_proto_and_the_validator()
    {
        foreach (var checkpoint in Checkpoints)
        {
            Assert.True(CheckpointValidator.TryCreate(checkpoint.ToProto(), out var again, out var error), error?.ToString());
            Assert.Equal(checkpoint, again);
        }
    }

    private static Core.Catalog.Checkpoint Find(string id) => Checkpoints.Single(c => c.Id.Value == id);
}

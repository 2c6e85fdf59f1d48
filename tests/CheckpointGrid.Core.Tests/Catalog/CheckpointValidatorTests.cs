using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Catalog;
using Google.Protobuf.WellKnownTypes;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Core.Tests.Catalog;

/// <summary>Adding and updating checkpoints keeps catalog.proto's rules, and every refusal names the field.</summary>
public class CheckpointValidatorTests
{
    [Fact]
    public void A_valid_checkpoint_is_created_active_when_state_is_unset()
    {
        Assert.True(CheckpointValidator.TryCreate(Valid(), out var checkpoint, out _));

        Assert.Equal(CheckpointState.Active, checkpoint.State);
        Assert.Equal("PA-COL-NEW", checkpoint.Id.Value);
        Assert.Equal("Colón", checkpoint.Region.Value);
        Assert.Equal(new GeoLocation(9.5, -79.3, "town"), checkpoint.Location);
        Assert.Equal(120u, checkpoint.ShelterCapacity);
    }

    [Fact]
    public void An_unknown_region_is_refused_with_the_known_ones()
    {
        var proto = Valid();
        proto.Region = "Atlantis";

        Assert.False(CheckpointValidator.TryCreate(proto, out _, out var error));

        Assert.Equal("region", error.Field);
        Assert.StartsWith("region: 'Atlantis' is not a region of Panama; known: Bocas del Toro,", error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("Kuna de Wargandí", error.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<ProtoCheckpoint>> BrokenRules => new()
    {
        { "id", p => p.Id = "" },
        { "id", p => p.Id = "pa-col-new" },
        { "id", p => p.Id = new string('A', 33) },
        { "name", p => p.Name = "" },
        { "name", p => p.Name = "   " },
        { "name", p => p.Name = new string('n', 101) },
        { "kind", p => p.Kind = CheckpointKind.Unspecified },
        { "kind", p => p.Kind = (CheckpointKind)42 },
        { "region", p => p.Region = "" },
        { "region", p => p.Region = "colón" },
        { "location.latitude", p => p.Location.Latitude = 90.5 },
        { "location.latitude", p => p.Location.Latitude = double.NaN },
        { "location.longitude", p => p.Location.Longitude = -181 },
        { "location.note", p => p.Location.Note = new string('x', 201) },
        { "shelter_capacity", p => p.ShelterCapacity = 0 },
        { "state", p => p.State = (CheckpointState)7 },
        { "notes", p => p.Notes = new string('x', 1001) },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void Each_broken_rule_is_refused_naming_its_field(string field, Action<ProtoCheckpoint> breakIt)
    {
        var proto = Valid();
        breakIt(proto);

        Assert.False(CheckpointValidator.TryCreate(proto, out var checkpoint, out var error));

        Assert.Null(checkpoint);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field + ": ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lengths_count_characters_not_utf16_units()
    {
        var proto = Valid();
        proto.Name = string.Concat(Enumerable.Repeat("🛶", 100));

        Assert.True(CheckpointValidator.TryCreate(proto, out _, out _));
    }

    [Fact]
    public void A_missing_checkpoint_is_refused() =>
        Assert.Equal("checkpoint: required", Refusal(() => (CheckpointValidator.TryCreate(null, out _, out var e), e)));

    [Fact]
    public void An_update_changes_only_the_masked_fields_and_clears_unset_ones()
    {
        var current = Created();
        var changes = new ProtoCheckpoint { Id = "PA-COL-NEW", Name = "Miramar pier", Notes = "ignored", State = CheckpointState.Closed };

        Assert.True(CheckpointValidator.TryUpdate(current, changes, Mask("name", "shelter_capacity", "state"), out var updated, out _));

        Assert.Equal(current with { Name = "Miramar pier", ShelterCapacity = null, State = CheckpointState.Closed }, updated);
    }

    [Fact]
    public void An_update_can_move_a_checkpoint_to_another_region()
    {
        Assert.True(CheckpointValidator.TryUpdate(Created(), new ProtoCheckpoint { Region = "Guna Yala" }, Mask("region"), out var updated, out _));

        Assert.Equal("Guna Yala", updated.Region.Value);
    }

    [Theory]
    [InlineData(new string[0], "update_mask: must name at least one field of: name, kind, region, location, shelter_capacity, state, notes")]
    [InlineData(new[] { "id" }, "update_mask: names \"id\", which cannot be changed")]
    [InlineData(new[] { "name", "colour" }, "update_mask: names unknown field \"colour\"; known: name, kind, region, location, shelter_capacity, state, notes")]
    [InlineData(new[] { "kind" }, "kind: required: CHECKPOINT_KIND_UNSPECIFIED is not allowed")]
    [InlineData(new[] { "region" }, "region: required")]
    public void Bad_updates_are_refused_naming_the_field(string[] paths, string expected)
    {
        var current = Created();

        var refusal = Refusal(() => (CheckpointValidator.TryUpdate(current, new ProtoCheckpoint { Name = "x" }, Mask(paths), out _, out var e), e));

        Assert.Equal(expected, refusal);
    }

    [Fact]
    public void An_update_without_a_mask_is_refused() =>
        Assert.StartsWith("update_mask: must name", Refusal(() => (CheckpointValidator.TryUpdate(Created(), new ProtoCheckpoint(), null, out _, out var e), e)), StringComparison.Ordinal);

    private static string Refusal(Func<(bool Ok, Core.Validation.ValidationError? Error)> attempt)
    {
        var (ok, error) = attempt();
        Assert.False(ok);
        return error!.ToString();
    }

    private static FieldMask Mask(params string[] paths)
    {
        var mask = new FieldMask();
        mask.Paths.AddRange(paths);
        return mask;
    }

    private static Core.Catalog.Checkpoint Created()
    {
        Assert.True(CheckpointValidator.TryCreate(Valid(), out var checkpoint, out _));
        return checkpoint;
    }

    private static ProtoCheckpoint Valid() => new()
    {
        Id = "PA-COL-NEW",
        Name = "New pier",
        Kind = CheckpointKind.SeaPort,
        Region = "Colón",
        Location = new GeoPoint { Latitude = 9.5, Longitude = -79.3, Note = "town" },
        ShelterCapacity = 120,
        Notes = "test",
    };
}

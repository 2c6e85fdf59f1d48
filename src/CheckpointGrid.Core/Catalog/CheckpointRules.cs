using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Validation;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Core.Catalog;

/// <summary>The rules catalog.proto puts on each field of Checkpoint, checked in field order.</summary>
internal static class CheckpointRules
{
    /// <summary>Checks every field; on success makes the entry, with state UNSPECIFIED as ACTIVE.</summary>
    public static ValidationError? Check(ProtoCheckpoint proto, out Checkpoint? checkpoint)
    {
        checkpoint = null;
        var regionError = CheckRegion(proto.Region, out var region);
        var error = CheckId(proto.Id) ?? CheckName(proto.Name) ?? CheckKind(proto.Kind) ?? regionError
            ?? CheckLocation(proto.Location) ?? CheckCapacity(proto) ?? CheckState(proto.State) ?? CheckNotes(proto.Notes);
        if (error is not null)
        {
            return error;
        }

        var location = proto.Location is { } point ? new GeoLocation(point.Latitude, point.Longitude, point.Note) : null;
        checkpoint = new Checkpoint(
            CheckpointId.Parse(proto.Id),
            proto.Name,
            proto.Kind,
            region,
            location,
            proto.HasShelterCapacity ? proto.ShelterCapacity : null,
            proto.State == CheckpointState.Unspecified ? CheckpointState.Active : proto.State,
            proto.Notes);
        return null;
    }

    private static ValidationError? CheckId(string id) =>
        id.Length == 0 ? new ValidationError("id", "required")
        : !CheckpointId.IsValid(id) ? new ValidationError("id", $"'{id}' {CheckpointId.Rule}")
        : null;

    private static ValidationError? CheckName(string name) =>
        string.IsNullOrWhiteSpace(name) ? new ValidationError("name", "required")
        : !TextLength.IsWithin(name, 100) ? new ValidationError("name", "must be at most 100 characters")
        : null;

    private static ValidationError? CheckKind(CheckpointKind kind) =>
        kind == CheckpointKind.Unspecified ? new ValidationError("kind", "required: CHECKPOINT_KIND_UNSPECIFIED is not allowed")
        : kind is < CheckpointKind.ReceptionStation or > CheckpointKind.Airport ? new ValidationError("kind", $"{(int)kind} is not a known CheckpointKind value")
        : null;

    private static ValidationError? CheckRegion(string region, out RegionName name)
    {
        name = default;
        return region.Length == 0 ? new ValidationError("region", "required")
            : !TextLength.IsWithin(region, 64) ? new ValidationError("region", "must be at most 64 characters")
            : !RegionName.TryParse(region, out name) ? new ValidationError("region", Regions.NotARegion(region))
            : null;
    }

    private static ValidationError? CheckLocation(GeoPoint? point) =>
        point is null ? null
        : point.Latitude is not (>= -90 and <= 90) ? new ValidationError("location.latitude", "must be -90 to 90 degrees")
        : point.Longitude is not (>= -180 and <= 180) ? new ValidationError("location.longitude", "must be -180 to 180 degrees")
        : !TextLength.IsWithin(point.Note, 200) ? new ValidationError("location.note", "must be at most 200 characters")
        : null;

    private static ValidationError? CheckCapacity(ProtoCheckpoint proto) =>
        proto.HasShelterCapacity && proto.ShelterCapacity == 0
            ? new ValidationError("shelter_capacity", "must be at least 1 when set; leave it unset when there is no shelter")
            : null;

    private static ValidationError? CheckState(CheckpointState state) =>
        state is < CheckpointState.Unspecified or > CheckpointState.Closed
            ? new ValidationError("state", $"{(int)state} is not a known CheckpointState value")
            : null;

    private static ValidationError? CheckNotes(string notes) =>
        !TextLength.IsWithin(notes, 1000) ? new ValidationError("notes", "must be at most 1000 characters") : null;
}

using CheckpointGrid.Contracts.V1;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Core.Catalog;

/// <summary>A checkpoint in the catalog; build it with <see cref="CheckpointValidator"/> or <see cref="CheckpointCsv"/> so that its fields keep the rules of catalog.proto.</summary>
/// <param name="Id">Stable catalog id.</param>
/// <param name="Name">Display name, 1–100 characters.</param>
/// <param name="Kind">The role it plays on the route; never UNSPECIFIED.</param>
/// <param name="Region">Province or comarca.</param>
/// <param name="Location">Where it is; null when unknown.</param>
/// <param name="ShelterCapacity">People its shelter holds (≥ 1); null when none or unpublished.</param>
/// <param name="State">ACTIVE or CLOSED, never UNSPECIFIED.</param>
/// <param name="Notes">Free text for operators (sources, history), up to 1000 characters.</param>
public sealed record Checkpoint(
    CheckpointId Id,
    string Name,
    CheckpointKind Kind,
    RegionName Region,
    GeoLocation? Location,
    uint? ShelterCapacity,
    CheckpointState State,
    string Notes)
{
    /// <summary>The catalog entry as the API's message.</summary>
    public ProtoCheckpoint ToProto()
    {
        var proto = new ProtoCheckpoint
        {
            Id = Id.Value,
            Name = Name,
            Kind = Kind,
            Region = Region.Value,
            State = State,
            Notes = Notes,
        };
        if (Location is { } location)
        {
            proto.Location = new GeoPoint { Latitude = location.Latitude, Longitude = location.Longitude, Note = location.Note };
        }

        if (ShelterCapacity is { } capacity)
        {
            proto.ShelterCapacity = capacity;
        }

        return proto;
    }
}

using System.Diagnostics.CodeAnalysis;
using CheckpointGrid.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Core.Catalog;

/// <summary>Turns AddCheckpoint and UpdateCheckpoint requests into catalog entries, or says which field breaks which rule of catalog.proto.</summary>
public static class CheckpointValidator
{
    /// <summary>The update_mask paths UpdateCheckpoint accepts, by proto field name.</summary>
    public static IReadOnlyList<string> UpdatablePaths { get; } = ["name", "kind", "region", "location", "shelter_capacity", "state", "notes"];

    private static readonly ValidationError MaskEmpty =
        new("update_mask", $"must name at least one field of: {string.Join(", ", UpdatablePaths)}");

    private static readonly ValidationError MaskNamesId = new("update_mask", "names \"id\", which cannot be changed");

    /// <summary>Checks a checkpoint to add (id, name, kind and region required); state UNSPECIFIED becomes ACTIVE.</summary>
    public static bool TryCreate(
        ProtoCheckpoint? proto,
        [NotNullWhen(true)] out Checkpoint? checkpoint,
        [NotNullWhen(false)] out ValidationError? error)
    {
        checkpoint = null;
        error = proto is null ? new ValidationError("checkpoint", "required") : CheckpointRules.Check(proto, out checkpoint);
        return error is null;
    }

    /// <summary>Applies the fields named in the mask (a named field unset in changes is cleared) and checks the result; changes.id is not read, the caller found <paramref name="current"/> by it.</summary>
    public static bool TryUpdate(
        Checkpoint current,
        ProtoCheckpoint? changes,
        FieldMask? updateMask,
        [NotNullWhen(true)] out Checkpoint? updated,
        [NotNullWhen(false)] out ValidationError? error)
    {
        ArgumentNullException.ThrowIfNull(current);
        updated = null;
        if (changes is null)
        {
            error = new ValidationError("checkpoint", "required");
            return false;
        }

        if (updateMask is null || updateMask.Paths.Count == 0)
        {
            error = MaskEmpty;
            return false;
        }

        var merged = current.ToProto();
        foreach (var path in updateMask.Paths)
        {
            error = CopyField(path, changes, merged);
            if (error is not null)
            {
                return false;
            }
        }

        error = CheckpointRules.Check(merged, out updated);
        return error is null;
    }

    private static ValidationError? CopyField(string path, ProtoCheckpoint from, ProtoCheckpoint to)
    {
        switch (path)
        {
            case "id":
                return MaskNamesId;
            case "name":
                to.Name = from.Name;
                break;
            case "kind":
                to.Kind = from.Kind;
                break;
            case "region":
                to.Region = from.Region;
                break;
            case "location":
                to.Location = from.Location?.Clone();
                break;
            case "shelter_capacity" when from.HasShelterCapacity:
                to.ShelterCapacity = from.ShelterCapacity;
                break;
            case "shelter_capacity":
                to.ClearShelterCapacity();
                break;
            case "state":
                to.State = from.State;
                break;
            case "notes":
                to.Notes = from.Notes;
                break;
            default:
                return new ValidationError("update_mask", $"names unknown field \"{path}\"; known: {string.Join(", ", UpdatablePaths)}");
        }

        return null;
    }
}

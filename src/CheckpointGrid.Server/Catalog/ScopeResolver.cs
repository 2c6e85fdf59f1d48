using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Catalog;
using Checkpoint = CheckpointGrid.Core.Catalog.Checkpoint;
using Grpc.Core;

using CheckpointGrid.Grains.Catalog;

namespace CheckpointGrid.Server.Catalog;

/// <summary>Turns the ids and scopes of requests into catalog entries, or the status that says what is wrong.</summary>
public static class ScopeResolver
{
    /// <summary>The checkpoint with this id: INVALID_ARGUMENT when the id is empty or malformed, NOT_FOUND when unknown.</summary>
    public static Checkpoint Checkpoint(CheckpointCatalog catalog, string id, string field)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: required."));
        }
        if (!CheckpointId.TryParse(id, out var checkpointId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: '{id}' is not a checkpoint id (1-32 characters of A-Z, 0-9 and '-')."));
        }
        return catalog.TryGet(checkpointId, out var checkpoint)
            ? checkpoint
            : throw new RpcException(new Status(StatusCode.NotFound, $"{field}: no checkpoint '{id}' in the catalog."));
    }

    /// <summary>A region of Panama: INVALID_ARGUMENT when empty or not a region.</summary>
    public static RegionName ParseRegion(string region, string field)
    {
        if (string.IsNullOrEmpty(region))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: required."));
        }
        return RegionName.TryParse(region, out var name)
            ? name
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: '{region}' is not a region of Panama; known: {string.Join(", ", Regions.All)}."));
    }

    /// <summary>A region that some checkpoint belongs to: NOT_FOUND when none does.</summary>
    public static RegionName Region(CheckpointCatalog catalog, string region, string field)
    {
        var name = ParseRegion(region, field);
        return catalog.HasRegion(name)
            ? name
            : throw new RpcException(new Status(StatusCode.NotFound, $"{field}: no checkpoint in the catalog is in '{region}'."));
    }

    /// <summary>Checks a scope names something known: INVALID_ARGUMENT when unset, NOT_FOUND when unknown.</summary>
    public static Scope Check(CheckpointCatalog catalog, Scope? scope, string field)
    {
        switch (scope?.TargetCase)
        {
            case Scope.TargetOneofCase.CheckpointId:
                Checkpoint(catalog, scope.CheckpointId, field + ".checkpoint_id");
                return scope;
            case Scope.TargetOneofCase.Region:
                Region(catalog, scope.Region, field + ".region");
                return scope;
            case Scope.TargetOneofCase.National:
                return scope;
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: required: set checkpoint_id, region or national."));
        }
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Catalog;
using Grpc.Core;
using CheckpointGrid.Grains.Counting;

using CheckpointGrid.Grains.Catalog;

namespace CheckpointGrid.Server.Catalog;

/// <summary>checkpointgrid.v1.CatalogService: list, read, add and change checkpoints.</summary>
public sealed class CatalogService(CheckpointCatalog catalog, IGrainFactory grains) : Contracts.V1.CatalogService.CatalogServiceBase
{

    public override Task<ListCheckpointsResponse> ListCheckpoints(ListCheckpointsRequest request, ServerCallContext context)
    {
        RegionName? region = request.Region.Length == 0 ? null : ScopeResolver.ParseRegion(request.Region, "region");
        RequireKnown(request.Kind, "kind");
        RequireKnown(request.State, "state");
        var response = new ListCheckpointsResponse();
        foreach (var checkpoint in catalog.All)
        {
            if ((region is null || checkpoint.Region == region)
                && (request.Kind == CheckpointKind.Unspecified || checkpoint.Kind == request.Kind)
                && (request.State == CheckpointState.Unspecified || checkpoint.State == request.State))
            {
                response.Checkpoints.Add(checkpoint.ToProto());
            }
        }
        return Task.FromResult(response);
    }

    public override Task<GetCheckpointResponse> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context) =>
        Task.FromResult(new GetCheckpointResponse { Checkpoint = ScopeResolver.Checkpoint(catalog, request.Id, "id").ToProto() });

    public override async Task<AddCheckpointResponse> AddCheckpoint(AddCheckpointRequest request, ServerCallContext context)
    {
        if (!CheckpointValidator.TryCreate(request.Checkpoint, out var checkpoint, out var error))
        {
            throw Statuses.Invalid(error);
        }
        if (!await grains.Catalog().AddAsync(checkpoint.ToProto()))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"checkpoint.id: '{checkpoint.Id}' is already in the catalog."));
        }
        // This silo reads its write at once; the others hear of it from the catalog grain.
        catalog.Set([checkpoint]);
        if (checkpoint.ShelterCapacity is not null)
        {
            await RefreshCapacityAsync(checkpoint);
        }
        return new AddCheckpointResponse { Checkpoint = checkpoint.ToProto() };
    }

    public override async Task<UpdateCheckpointResponse> UpdateCheckpoint(UpdateCheckpointRequest request, ServerCallContext context)
    {
        if (request.Checkpoint is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "checkpoint: required."));
        }
        while (true)
        {
            var current = ScopeResolver.Checkpoint(catalog, request.Checkpoint.Id, "checkpoint.id");
            if (!CheckpointValidator.TryUpdate(current, request.Checkpoint, request.UpdateMask, out var updated, out var error))
            {
                throw Statuses.Invalid(error);
            }
            if (!await grains.Catalog().ReplaceAsync(current.ToProto(), updated.ToProto()))
            {
                // Changed meanwhile (maybe through another silo): read the catalog again and retry.
                catalog.Set(await CatalogCheckpointsAsync());
                continue;
            }
            catalog.Set([updated]);
            if (updated.Region != current.Region)
            {
                await grains.Checkpoint(updated.Id).FollowCatalogRegionAsync();
            }
            if (updated.ShelterCapacity != current.ShelterCapacity)
            {
                await RefreshCapacityAsync(updated);
            }
            return new UpdateCheckpointResponse { Checkpoint = updated.ToProto() };
        }
    }

    public override Task<ListRegionsResponse> ListRegions(ListRegionsRequest request, ServerCallContext context)
    {
        var response = new ListRegionsResponse();
        foreach (var group in catalog.All.GroupBy(c => c.Region.Value).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var region = new Region { Name = group.Key };
            region.CheckpointIds.AddRange(group.Select(c => c.Id.Value));
            response.Regions.Add(region);
        }
        return Task.FromResult(response);
    }

    /// <summary>Has the grains whose capacity includes this checkpoint's publish it to their watchers.</summary>
    private async Task RefreshCapacityAsync(Core.Catalog.Checkpoint checkpoint)
    {
        await grains.Checkpoint(checkpoint.Id).RefreshAsync();
        await grains.Region(checkpoint.Region).RefreshAsync();
        await grains.Nation().RefreshAsync();
    }

    private async Task<IEnumerable<Core.Catalog.Checkpoint>> CatalogCheckpointsAsync()
    {
        var checkpoints = new List<Core.Catalog.Checkpoint>();
        foreach (var proto in await grains.Catalog().ListAsync())
        {
            if (CheckpointValidator.TryCreate(proto, out var checkpoint, out _))
            {
                checkpoints.Add(checkpoint);
            }
        }
        return checkpoints;
    }

    private static void RequireKnown<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)} is not a known value."));
        }
    }
}

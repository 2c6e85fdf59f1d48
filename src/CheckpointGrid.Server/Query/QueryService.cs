using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Grains.Counting;
using Grpc.Core;

namespace CheckpointGrid.Server.Query;

/// <summary>checkpointgrid.v1.QueryService: live counts of a checkpoint, a region or the nation.</summary>
public sealed class QueryService(CheckpointCatalog catalog, IGrainFactory grains) : Contracts.V1.QueryService.QueryServiceBase
{
    private static readonly Scope NationalScope = new() { National = new() };

    public override async Task<GetCheckpointCountsResponse> GetCheckpointCounts(GetCheckpointCountsRequest request, ServerCallContext context)
    {
        var checkpoint = ScopeResolver.Checkpoint(catalog, request.CheckpointId, "checkpoint_id");
        return new GetCheckpointCountsResponse { Counts = await grains.Checkpoint(checkpoint.Id).GetCountsAsync() };
    }

    public override async Task<GetRegionCountsResponse> GetRegionCounts(GetRegionCountsRequest request, ServerCallContext context)
    {
        var region = ScopeResolver.Region(catalog, request.Region, "region");
        return new GetRegionCountsResponse { Counts = await grains.Region(region).GetCountsAsync() };
    }

    public override async Task<GetNationalCountsResponse> GetNationalCounts(GetNationalCountsRequest request, ServerCallContext context) =>
        new() { Counts = await (await ReadYourWritesAsync(NationalScope)).GetCountsAsync() };

    public override async Task<TopNationalitiesResponse> TopNationalities(TopNationalitiesRequest request, ServerCallContext context)
    {
        var scope = ScopeResolver.Check(catalog, request.Scope, "scope");
        return await (await ReadYourWritesAsync(scope)).GetTopNationalitiesAsync(request);
    }

    public override async Task<GetTimeSeriesResponse> GetTimeSeries(GetTimeSeriesRequest request, ServerCallContext context)
    {
        var scope = ScopeResolver.Check(catalog, request.Scope, "scope");
        return await (await ReadYourWritesAsync(scope)).GetTimeSeriesAsync(request);
    }

    public override Task<GetMonthlyReportResponse> GetMonthlyReport(GetMonthlyReportRequest request, ServerCallContext context) => ReportAsync(request);

    /// <summary>GetMonthlyReport, for the page's CSV download too: RpcException or InvalidQueryException when the request is wrong.</summary>
    public async Task<GetMonthlyReportResponse> ReportAsync(GetMonthlyReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = ScopeResolver.Check(catalog, request.Scope, "scope");
        return await (await ReadYourWritesAsync(scope)).GetMonthlyReportAsync(request);
    }

    public override async Task<ListCheckpointStatusResponse> ListCheckpointStatus(ListCheckpointStatusRequest request, ServerCallContext context)
    {
        var scope = request.Scope is null ? NationalScope : ScopeResolver.Check(catalog, request.Scope, "scope");
        var response = new ListCheckpointStatusResponse();
        foreach (var checkpoint in catalog.All)
        {
            var inScope = scope.TargetCase switch
            {
                Scope.TargetOneofCase.CheckpointId => checkpoint.Id.Value == scope.CheckpointId,
                Scope.TargetOneofCase.Region => checkpoint.Region.Value == scope.Region,
                _ => true,
            };
            if (!inScope)
            {
                continue;
            }
            var (occupants, lastRecordedAt) = await grains.Checkpoint(checkpoint.Id).GetStatusAsync();
            var status = new CheckpointStatus
            {
                Checkpoint = checkpoint.ToProto(),
                Shelter = new ShelterOccupancy { Occupants = occupants },
            };
            if (checkpoint.ShelterCapacity is { } capacity)
            {
                status.Shelter.Capacity = capacity;
            }
            if (lastRecordedAt is { } last)
            {
                status.LastRecordedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(last);
            }
            response.Statuses.Add(status);
        }
        return response;
    }

    private Task<ICountingGrain> ReadYourWritesAsync(Scope scope) => ScopeReads.ReadYourWritesAsync(grains, catalog, scope);
}

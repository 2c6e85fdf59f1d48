using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>The catalog, query and ingest methods the tests call, made from the services' descriptors.</summary>
internal static class Rpcs
{
    private static readonly ServiceDescriptor Catalog = CatalogReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Query = QueryReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Ingest = IngestReflection.Descriptor.Services[0];

    public static readonly Method<ListCheckpointsRequest, ListCheckpointsResponse> ListCheckpoints = Of<ListCheckpointsRequest, ListCheckpointsResponse>(Catalog);
    public static readonly Method<GetCheckpointRequest, GetCheckpointResponse> GetCheckpoint = Of<GetCheckpointRequest, GetCheckpointResponse>(Catalog);
    public static readonly Method<AddCheckpointRequest, AddCheckpointResponse> AddCheckpoint = Of<AddCheckpointRequest, AddCheckpointResponse>(Catalog);
    public static readonly Method<UpdateCheckpointRequest, UpdateCheckpointResponse> UpdateCheckpoint = Of<UpdateCheckpointRequest, UpdateCheckpointResponse>(Catalog);
    public static readonly Method<ListRegionsRequest, ListRegionsResponse> ListRegions = Of<ListRegionsRequest, ListRegionsResponse>(Catalog);

    public static readonly Method<GetCheckpointCountsRequest, GetCheckpointCountsResponse> GetCheckpointCounts = Of<GetCheckpointCountsRequest, GetCheckpointCountsResponse>(Query);
    public static readonly Method<GetRegionCountsRequest, GetRegionCountsResponse> GetRegionCounts = Of<GetRegionCountsRequest, GetRegionCountsResponse>(Query);
    public static readonly Method<GetNationalCountsRequest, GetNationalCountsResponse> GetNationalCounts = Of<GetNationalCountsRequest, GetNationalCountsResponse>(Query);
    public static readonly Method<TopNationalitiesRequest, TopNationalitiesResponse> TopNationalities = Of<TopNationalitiesRequest, TopNationalitiesResponse>(Query);
    public static readonly Method<GetTimeSeriesRequest, GetTimeSeriesResponse> GetTimeSeries = Of<GetTimeSeriesRequest, GetTimeSeriesResponse>(Query);
    public static readonly Method<ListCheckpointStatusRequest, ListCheckpointStatusResponse> ListCheckpointStatus = Of<ListCheckpointStatusRequest, ListCheckpointStatusResponse>(Query);
    public static readonly Method<GetMonthlyReportRequest, GetMonthlyReportResponse> GetMonthlyReport = Of<GetMonthlyReportRequest, GetMonthlyReportResponse>(Query);

    public static readonly Method<RecordCrossingRequest, RecordCrossingResponse> RecordCrossing = Of<RecordCrossingRequest, RecordCrossingResponse>(Ingest);
    public static readonly Method<IngestRequest, IngestResponse> IngestStream = Rpc.Of<IngestRequest, IngestResponse>(Ingest, "Ingest");

    /// <summary>The method whose name is the request type's less "Request".</summary>
    private static Method<TRequest, TResponse> Of<TRequest, TResponse>(ServiceDescriptor service)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        Rpc.Of<TRequest, TResponse>(service, typeof(TRequest).Name[..^"Request".Length]);
}

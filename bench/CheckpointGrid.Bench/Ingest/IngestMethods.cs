using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Rpc;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>The two methods of the public API the bench calls: the terminals' stream, and the national totals for the check.</summary>
internal static class IngestMethods
{
    public static readonly Method<IngestRequest, IngestResponse> Ingest =
        Method.Create<IngestRequest, IngestResponse>(IngestReflection.Descriptor.Services[0], "Ingest");

    public static readonly Method<GetNationalCountsRequest, GetNationalCountsResponse> NationalCounts =
        Method.Create<GetNationalCountsRequest, GetNationalCountsResponse>(QueryReflection.Descriptor.Services[0], "GetNationalCounts");
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Rpc;

namespace CheckpointGrid.Cli.Agent;

/// <summary>The IngestService methods the agent calls, bound to the proto.</summary>
internal static class IngestMethods
{
    public static readonly Method<IngestRequest, IngestResponse> Ingest =
        Method.Create<IngestRequest, IngestResponse>(IngestReflection.Descriptor.Services[0], "Ingest");
}

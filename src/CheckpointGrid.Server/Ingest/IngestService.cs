using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Validation;
using CheckpointGrid.Grains;
using CheckpointGrid.Rpc;
using CheckpointGrid.Rpc.Server;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Server.Counting;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace CheckpointGrid.Server.Ingest;

/// <summary>checkpointgrid.v1.IngestService: crossing events into the checkpoint grains.</summary>
public sealed class IngestService(CheckpointCatalog catalog, IGrainFactory grains, TimeProvider time) : IGrpcService
{
    public ServiceDescriptor Descriptor => IngestReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) => binder
        .DuplexStreaming<IngestRequest, IngestResponse>("Ingest", Ingest)
        .Unary<RecordCrossingRequest, RecordCrossingResponse>("RecordCrossing", RecordCrossing);

    private async Task<RecordCrossingResponse> RecordCrossing(RecordCrossingRequest request, ServerCallContext context)
    {
        var crossing = request.Event;
        if (CrossingEventValidator.ValidateSingle(crossing, time.GetUtcNow()) is { } error)
        {
            throw Statuses.Invalid(crossing is null ? error : error with { Field = "event." + error.Field });
        }
        var checkpoint = ScopeResolver.Checkpoint(catalog, crossing.CheckpointId, "event.checkpoint_id");
        var duplicate = await grains.Checkpoint(checkpoint.Id).CallAsync(static (g, e) => g.RecordAsync(e), crossing);
        return new RecordCrossingResponse { Duplicate = duplicate };
    }

    private Task Ingest(IAsyncStreamReader<IngestRequest> requests, IAsyncStreamWriter<IngestResponse> responses, ServerCallContext context) =>
        new IngestStream(catalog, grains, time, context).RunAsync(requests, responses);
}

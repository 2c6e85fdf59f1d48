using CheckpointGrid.Grains;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Validation;
using Grpc.Core;
using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Grains.Counting;
using CheckpointGrid.Server.Auth;

namespace CheckpointGrid.Server.Ingest;

/// <summary>checkpointgrid.v1.IngestService: crossing events into the checkpoint grains.</summary>
public sealed class IngestService(
    CheckpointCatalog catalog, IGrainFactory grains, [FromKeyedServices(GridClock.Key)] TimeProvider time, IHostApplicationLifetime lifetime, CallerTokens tokens,
    IngestMetrics metrics, ILogger<IngestService> logger)
    : Contracts.V1.IngestService.IngestServiceBase
{

    public override async Task<RecordCrossingResponse> RecordCrossing(RecordCrossingRequest request, ServerCallContext context)
    {
        var crossing = request.Event;
        if (CrossingEventValidator.ValidateSingle(crossing, time.GetUtcNow()) is { } error)
        {
            throw Statuses.Invalid(crossing is null ? error : error with { Field = "event." + error.Field });
        }
        tokens.Of(context)?.CheckMayWrite(crossing.CheckpointId, "event.checkpoint_id");
        var checkpoint = ScopeResolver.Checkpoint(catalog, crossing.CheckpointId, "event.checkpoint_id");
        var duplicate = await grains.Checkpoint(checkpoint.Id).RecordAsync(crossing);
        metrics.Counted(IngestMetrics.Checkpoint(checkpoint.Id.Value), duplicate ? 0u : 1u, duplicate ? 1u : 0u);
        return new RecordCrossingResponse { Duplicate = duplicate };
    }

    public override async Task Ingest(IAsyncStreamReader<IngestRequest> requestStream, IServerStreamWriter<IngestResponse> responseStream, ServerCallContext context)
    {
        // A stream ends when its terminal leaves or the server stops (UNAVAILABLE: the terminal reconnects, elsewhere if it can).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        await new IngestStream(catalog, grains, time, tokens.Of(context), metrics, logger, ending.Token).RunAsync(requestStream, responseStream);
    }
}

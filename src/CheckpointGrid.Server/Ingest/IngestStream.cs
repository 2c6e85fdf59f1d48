using System.Diagnostics;
using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Validation;
using Grpc.Core;
using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Grains.Counting;
using CheckpointGrid.Server.Auth;
using Google.Protobuf.Collections;

namespace CheckpointGrid.Server.Ingest;

/// <summary>
/// One terminal's Ingest stream: open, then batches, each answered by an ack sent only after its
/// events are committed. Validation happens here, per event, so a bad event is rejected by itself;
/// sequence bookkeeping and the commit happen in the checkpoint's grain. With tokens required, the terminal's token
/// must list the checkpoint at open, and must still hold (not revoked, not expired) before each batch is counted.
/// Each batch is a span (its grain call and commit inside it, then its ack) and moves the ingest metrics.
/// </summary>
internal sealed class IngestStream(
    CheckpointCatalog catalog, IGrainFactory grains, TimeProvider time, IngestCredential? credential, IngestMetrics metrics, ILogger logger, CancellationToken token)
{
    /// <summary>The most events the server takes in one batch; a terminal learns it from IngestOpened.</summary>
    public const int MaxBatchEvents = 1000;

    private static readonly Status OpenFirst = new(StatusCode.InvalidArgument, "The first request of an Ingest stream must be open.");
    private static readonly Status OpenOnce = new(StatusCode.InvalidArgument, "open may only be the first request of an Ingest stream.");
    private static readonly Status NeitherOpenNorBatch = new(StatusCode.InvalidArgument, "IngestRequest has neither open nor batch set; each request must carry one of them.");

    public async Task RunAsync(IAsyncStreamReader<IngestRequest> requests, IAsyncStreamWriter<IngestResponse> responses)
    {
        if (!await requests.MoveNext(token))
        {
            throw new RpcException(OpenFirst);
        }
        switch (requests.Current.PayloadCase)
        {
            case IngestRequest.PayloadOneofCase.Open:
                break;
            case IngestRequest.PayloadOneofCase.None:
                throw new RpcException(NeitherOpenNorBatch);
            default:
                throw new RpcException(OpenFirst);
        }
        credential?.CheckMayWrite(requests.Current.Open.CheckpointId, "open.checkpoint_id");
        var (checkpoint, terminal) = Resolve(requests.Current.Open);
        var grain = grains.Checkpoint(checkpoint);
        var (next, stream) = await grain.OpenStreamAsync(terminal.Value);
        await responses.WriteAsync(new IngestResponse { Opened = new IngestOpened { NextSequence = next, MaxBatchEvents = MaxBatchEvents } }, token);

        var tag = IngestMetrics.Checkpoint(checkpoint.Value);
        metrics.StreamOpened(tag);
        IngestLog.StreamOpened(logger, checkpoint.Value, terminal.Value, next);
        var durable = next - 1;
        try
        {
            while (await requests.MoveNext(token))
            {
                durable = await BatchAsync(requests.Current, responses, grain, checkpoint, terminal, stream, durable, tag);
            }
        }
        finally
        {
            metrics.StreamClosed(tag);
            IngestLog.StreamClosed(logger, checkpoint.Value, terminal.Value, durable);
        }
    }

    /// <summary>Counts one request of the stream and acks it; returns the sequence durable after it.</summary>
    private async Task<ulong> BatchAsync(
        IngestRequest request, IAsyncStreamWriter<IngestResponse> responses, ICheckpointGrain grain, CheckpointId checkpoint, TerminalId terminal, long stream,
        ulong durable, KeyValuePair<string, object?> tag)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var span = IngestDiagnostics.ActivitySource.StartActivity(IngestDiagnostics.BatchSpan);
        if (span is not null)
        {
            span.SetTag(IngestDiagnostics.CheckpointTag, checkpoint.Value);
            span.SetTag(IngestDiagnostics.TerminalAttribute, terminal.Value);
        }
        switch (request.PayloadCase)
        {
            case IngestRequest.PayloadOneofCase.Batch:
                break;
            case IngestRequest.PayloadOneofCase.None:
                throw new RpcException(NeitherOpenNorBatch);
            default:
                throw new RpcException(OpenOnce);
        }
        credential?.CheckStillValid();
        var events = request.Batch.Events;
        var ack = new IngestAck { DurableThroughSequence = durable };
        if (events.Count > 0)
        {
            var batch = Check(events, checkpoint, terminal, stream, ack);
            var outcome = await grain.IngestAsync(batch);
            if (outcome.Refusal != BatchRefusal.None)
            {
                throw new RpcException(new Status(outcome.Refusal == BatchRefusal.StreamReplaced ? StatusCode.Aborted : StatusCode.FailedPrecondition, outcome.Reason ?? ""));
            }
            durable = Math.Max(durable, outcome.DurableThrough);
            ack.DurableThroughSequence = durable;
            ack.AcceptedEvents = outcome.Accepted;
            ack.DuplicateEvents = outcome.Duplicates;
        }
        using (IngestDiagnostics.ActivitySource.StartActivity(IngestDiagnostics.AckSpan))
        {
            await responses.WriteAsync(new IngestResponse { Ack = ack }, token);
        }
        metrics.Acked(tag, ack.AcceptedEvents, ack.DuplicateEvents, ack.Rejections.Count, Stopwatch.GetElapsedTime(arrived));
        return durable;
    }

    private (CheckpointId Checkpoint, TerminalId Terminal) Resolve(IngestOpen open)
    {
        if (string.IsNullOrEmpty(open.TerminalId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "open.terminal_id: required."));
        }
        if (!TerminalId.TryParse(open.TerminalId, out var terminal))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"open.terminal_id: '{open.TerminalId}' is not a terminal id (1-64 ASCII letters, digits, '-', '_', '.', ':')."));
        }
        return (ScopeResolver.Checkpoint(catalog, open.CheckpointId, "open.checkpoint_id").Id, terminal);
    }

    /// <summary>Checks the batch's sequences and each event; invalid events go into the ack's rejections.</summary>
    private TerminalBatch Check(RepeatedField<CrossingEvent> events, CheckpointId checkpoint, TerminalId terminal, long stream, IngestAck ack)
    {
        if (events.Count > MaxBatchEvents)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"batch: {events.Count} events; at most {MaxBatchEvents} per batch."));
        }
        var first = events[0].Sequence;
        if (first == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "batch: sequence 0 is not a sequence; a terminal numbers its events from 1."));
        }
        var now = time.GetUtcNow();
        var valid = new List<CrossingEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var crossing = events[i];
            if (crossing.Sequence != first + (ulong)i)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"batch: sequences must be consecutive; expected sequence {first + (ulong)i}, got {crossing.Sequence}."));
            }
            if (CrossingEventValidator.ValidateStreamed(crossing, checkpoint, terminal, now) is { } error)
            {
                ack.Rejections.Add(new EventRejection { Sequence = crossing.Sequence, EventId = crossing.EventId, Field = error.Field, Reason = error.Reason });
            }
            else
            {
                valid.Add(crossing);
            }
        }
        return new TerminalBatch(terminal.Value, stream, first, first + (ulong)events.Count - 1, valid);
    }
}

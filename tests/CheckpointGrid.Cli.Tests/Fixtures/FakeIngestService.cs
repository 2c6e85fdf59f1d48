using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Catalog;
using Grpc.Core;

namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>
/// An in-memory IngestService honouring ingest.proto's contract: open first, next_sequence from the
/// ledger, batches no larger than max_batch_events, gaps refused with FAILED_PRECONDITION "expected
/// sequence N", duplicates acked and not counted, invalid events rejected in the ack, each batch
/// acked after its "commit". Misbehaves as <see cref="FakeIngestBehavior"/> says. RecordCrossing is
/// left to the base class, which answers UNIMPLEMENTED: the fake takes streams only.
/// </summary>
internal sealed class FakeIngestService(FakeIngestLedger ledger, FakeIngestBehavior behavior, TimeProvider time) : IngestService.IngestServiceBase
{
    public override async Task Ingest(IAsyncStreamReader<IngestRequest> requests, IServerStreamWriter<IngestResponse> responses, ServerCallContext context)
    {
        var token = context.CancellationToken;
        if (!await requests.MoveNext(token))
        {
            return;
        }

        if (requests.Current.PayloadCase != IngestRequest.PayloadOneofCase.Open)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first request must be open."));
        }

        var open = requests.Current.Open;
        if (open.CheckpointId.Length == 0 || open.TerminalId.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "open needs checkpoint_id and terminal_id."));
        }

        if (!DefaultCatalog.Checkpoints.Any(c => c.Id.Value == open.CheckpointId))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Checkpoint {open.CheckpointId} is not in the catalog."));
        }

        behavior.OnOpenAttempt();
        if (behavior.TakeRefusal())
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Refused by the test."));
        }

        var next = ledger.OnOpen(open.CheckpointId, open.TerminalId);
        var stream = ledger.Streams[^1];
        await responses.WriteAsync(new IngestResponse { Opened = new IngestOpened { NextSequence = next, MaxBatchEvents = behavior.MaxBatchEvents } }, token);
        while (await requests.MoveNext(token))
        {
            if (requests.Current.PayloadCase != IngestRequest.PayloadOneofCase.Batch)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Only batches may follow open."));
            }

            var events = requests.Current.Batch.Events;
            var fault = behavior.FaultAt(ledger.NextBatchNumber());
            if (fault == IngestFault.LoseLast100)
            {
                var durable = ledger.Durable(open.CheckpointId, open.TerminalId);
                ledger.RollBack(open.CheckpointId, open.TerminalId, durable > 100 ? durable - 100 : 0);
            }

            if (fault == IngestFault.AbortBeforeCommit)
            {
                context.GetHttpContext().Abort();
                return;
            }

            CheckBatch(events, ledger.Durable(open.CheckpointId, open.TerminalId) + 1);
            var ack = ledger.Commit(stream, events, time.GetUtcNow());
            if (fault == IngestFault.AbortAfterCommit)
            {
                context.GetHttpContext().Abort();
                return;
            }

            await responses.WriteAsync(new IngestResponse { Ack = ack }, token);
        }
    }

    private void CheckBatch(Google.Protobuf.Collections.RepeatedField<CrossingEvent> events, ulong expected)
    {
        if (events.Count > behavior.MaxBatchEvents)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"A batch holds at most {behavior.MaxBatchEvents} events; this one has {events.Count}."));
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Sequence == 0)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "events[].sequence must be at least 1."));
            }

            if ((i == 0 && events[i].Sequence > expected) || (i > 0 && events[i].Sequence != events[i - 1].Sequence + 1))
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"The batch would leave a gap: expected sequence {expected}."));
            }
        }
    }
}

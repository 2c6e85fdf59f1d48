using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.EndToEnd.Tests.Fuzzing;

/// <summary>
/// A well-behaved terminal streaming batches into Ingest on its own channel while the fuzzers run, one batch in
/// flight, tallying the people in every event the server acknowledged. Any failure of its stream is recorded: a
/// valid client is not supposed to see one.
/// </summary>
internal sealed class ValidTerminal(Uri address, string checkpoint, Random random) : IAsyncDisposable
{
    private static readonly TimeSpan AckBound = TimeSpan.FromSeconds(15);
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(address);
    private readonly List<string> _failures = [];

    /// <summary>People in the events acknowledged durable (and not rejected).</summary>
    public ulong AckedPeople { get; private set; }

    public int Acks { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public async Task RunAsync(CancellationToken stop)
    {
        var client = new IngestService.IngestServiceClient(_channel);
        const string Terminal = "fuzz-valid-terminal";
        // Not cancelled by stop: the batch in flight finishes and the stream ends cleanly.
        using var call = client.Ingest(cancellationToken: CancellationToken.None);
        try
        {
            await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = checkpoint, TerminalId = Terminal } }, CancellationToken.None);
            if (!await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(AckBound, CancellationToken.None) || call.ResponseStream.Current.Opened is null)
            {
                _failures.Add("Ingest did not open.");
                return;
            }
            var sequence = call.ResponseStream.Current.Opened.NextSequence;
            while (!stop.IsCancellationRequested)
            {
                var batch = new EventBatch();
                ulong people = 0;
                for (var e = random.Next(1, 21); e > 0; e--)
                {
                    var crossing = Crossings.One(checkpoint, headcount: (uint)random.Next(1, 6));
                    crossing.TerminalId = Terminal;
                    crossing.Sequence = sequence++;
                    people += crossing.Headcount;
                    batch.Events.Add(crossing);
                }
                await call.RequestStream.WriteAsync(new IngestRequest { Batch = batch }, CancellationToken.None);
                if (!await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(AckBound, CancellationToken.None))
                {
                    _failures.Add("The server ended the stream without an ack.");
                    return;
                }
                var ack = call.ResponseStream.Current.Ack;
                if (ack.DurableThroughSequence != sequence - 1 || ack.Rejections.Count > 0 || ack.AcceptedEvents != batch.Events.Count)
                {
                    _failures.Add($"Unexpected ack {ack} for sequences {batch.Events[0].Sequence}-{sequence - 1}.");
                    return;
                }
                AckedPeople += people;
                Acks++;
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception error) when (error is RpcException or TimeoutException or InvalidOperationException)
        {
            _failures.Add($"{error.GetType().Name}: {error.Message}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }
}

using System.Diagnostics;
using CheckpointGrid.Bench.Servers;
using CheckpointGrid.Contracts.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CheckpointGrid.Bench.Watch;

/// <summary>
/// A terminal of its own that records one arrival of a nationality the load never uses, every 100 ms, and
/// notes when each is acknowledged: after the k-th ack the national count of that nationality is k, so the
/// first watcher message showing k tells how long the ack took to reach the dashboards.
/// </summary>
internal sealed class ProbeTerminal
{
    /// <summary>Iceland: not among the load's nationalities.</summary>
    public const string Nationality = "ISL";

    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>When the k-th probe was acknowledged (index k - 1), Stopwatch timestamps.</summary>
    public List<long> AckTimestamps { get; } = [];

    public async Task RunAsync(Uri address, CancellationToken stop)
    {
        using var channel = ServerChannel.Open(address, manyStreams: false);
        using var call = new IngestService.IngestServiceClient(channel).Ingest(cancellationToken: CancellationToken.None);
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = "PA-PAN-PTY", TerminalId = "bench-probe" } }, CancellationToken.None);
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new InvalidOperationException("The probe's stream ended before it opened.");
        }
        var sequence = call.ResponseStream.Current.Opened.NextSequence;
        using var timer = new PeriodicTimer(Every);
        while (!stop.IsCancellationRequested && await timer.WaitForNextTickAsync(CancellationToken.None))
        {
            var batch = new EventBatch();
            batch.Events.Add(new CrossingEvent
            {
                EventId = Guid.CreateVersion7().ToString(),
                CheckpointId = "PA-PAN-PTY",
                TerminalId = "bench-probe",
                Sequence = sequence++,
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                Movement = Movement.Arrival,
                Direction = Direction.Southbound,
                Nationality = Nationality,
                AgeGroup = AgeGroup.Ages18To59,
                Sex = Sex.Female,
                Headcount = 1,
            });
            await call.RequestStream.WriteAsync(new IngestRequest { Batch = batch }, CancellationToken.None);
            if (!await call.ResponseStream.MoveNext(CancellationToken.None) || call.ResponseStream.Current.Ack.AcceptedEvents != 1)
            {
                throw new InvalidOperationException("The probe's event was not acknowledged as accepted.");
            }
            AckTimestamps.Add(Stopwatch.GetTimestamp());
        }
        await call.RequestStream.CompleteAsync();
    }
}

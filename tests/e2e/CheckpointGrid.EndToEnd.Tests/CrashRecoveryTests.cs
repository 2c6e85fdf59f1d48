using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Grpc.Net.Client;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// Terminals stream events into a real server process that is killed (SIGKILL) mid-stream and
/// restarted on the same port and data directory. The terminals resume from the server's acks;
/// in the end every event is counted exactly once, by every dimension.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Terminals = 6;
    private const int EventsPerTerminal = 3000;
    private const int BatchSize = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly string[] Checkpoints = ["PA-DAR-SVC", "PA-DAR-MTT", "PA-GNA-POB", "PA-COL-MRM", "PA-CHI-LPG", "PA-CHI-PCN"];
    private static readonly string[] Nationalities = ["VEN", "HTI", "ECU", "COL", "CHN", "IND", "AFG"];

    private static readonly Method<IngestRequest, IngestResponse> Ingest =
        Rpc.Of<IngestRequest, IngestResponse>(IngestReflection.Descriptor.Services[0], "Ingest");
    private static readonly Method<GetNationalCountsRequest, GetNationalCountsResponse> NationalCounts =
        Rpc.Of<GetNationalCountsRequest, GetNationalCountsResponse>(QueryReflection.Descriptor.Services[0], "GetNationalCounts");
    private static readonly Method<GetCheckpointCountsRequest, GetCheckpointCountsResponse> CheckpointCounts =
        Rpc.Of<GetCheckpointCountsRequest, GetCheckpointCountsResponse>(QueryReflection.Descriptor.Services[0], "GetCheckpointCounts");

    private readonly Lock _ackLock = new();
    private long _ackedEvents;
    private readonly TaskCompletionSource _enoughAcked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Completed while a server is up; terminals that lose their stream wait on it instead of spinning.
    private volatile TaskCompletionSource _serverUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RestartableServer? _server;

    public async Task InitializeAsync()
    {
        _server = await RestartableServer.StartAsync(Patience);
        _serverUp.TrySetResult();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_event_is_counted_exactly_once_across_a_kill_and_restart()
    {
        var terminals = Enumerable.Range(0, Terminals).Select(CreateEvents).ToArray();
        using var channel = GrpcChannel.ForAddress(_server!.Address);
        using var stop = new CancellationTokenSource(Patience);

        var streaming = terminals.Select(events => StreamUntilAllAckedAsync(channel, events, stop.Token)).ToArray();

        // Kill the server once a third of the events are acked, mid-stream.
        await _enoughAcked.Task.WaitAsync(Patience);
        long ackedBeforeCrash;
        lock (_ackLock)
        {
            ackedBeforeCrash = _ackedEvents;
        }
        _serverUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashOutput = await _server.KillAsync();
        await _server.RestartAsync();
        _serverUp.TrySetResult();

        await Task.WhenAll(streaming).WaitAsync(Patience);

        Assert.True(ackedBeforeCrash > 0 && ackedBeforeCrash < Terminals * EventsPerTerminal, $"killed after {ackedBeforeCrash} acked events:\n{crashOutput}");
        var all = terminals.SelectMany(t => t).ToList();
        var national = (await channel.UnaryAsync(NationalCounts, new GetNationalCountsRequest())).Counts;
        AssertCountsEqual(all, national.Totals);
        foreach (var checkpoint in Checkpoints)
        {
            var counts = (await channel.UnaryAsync(CheckpointCounts, new GetCheckpointCountsRequest { CheckpointId = checkpoint })).Counts;
            AssertCountsEqual(all.Where(e => e.CheckpointId == checkpoint).ToList(), counts.Totals);
        }
    }

    /// <summary>A terminal's loop: open, resend from the server's next sequence, read acks; on any failure reconnect.</summary>
    private async Task StreamUntilAllAckedAsync(GrpcChannel channel, List<CrossingEvent> events, CancellationToken stop)
    {
        var first = events[0];
        ulong durable = 0;
        while (durable < (ulong)events.Count)
        {
            stop.ThrowIfCancellationRequested();
            try
            {
                using var call = channel.Duplex(Ingest, new CallOptions(cancellationToken: stop));
                await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = first.CheckpointId, TerminalId = first.TerminalId } }, stop);
                Assert.True(await call.ResponseStream.MoveNext(stop));
                var next = call.ResponseStream.Current.Opened.NextSequence;
                Assert.True(next >= durable + 1 || durable == 0, $"server forgot acked events: next {next}, acked through {durable}");
                for (var from = (int)next - 1; from < events.Count; from += BatchSize)
                {
                    var batch = new EventBatch();
                    batch.Events.AddRange(events.Skip(from).Take(BatchSize));
                    await call.RequestStream.WriteAsync(new IngestRequest { Batch = batch }, stop);
                    Assert.True(await call.ResponseStream.MoveNext(stop));
                    var ack = call.ResponseStream.Current.Ack;
                    Assert.Empty(ack.Rejections);
                    OnAcked(ack.DurableThroughSequence - durable);
                    durable = ack.DurableThroughSequence;
                }
                await call.RequestStream.CompleteAsync();
                Assert.False(await call.ResponseStream.MoveNext(stop));
            }
            catch (Exception ex) when (IsServerGone(ex) && !stop.IsCancellationRequested)
            {
                // The server died or is restarting: once it is up, reconnect and resume from its next sequence.
                await _serverUp.Task.WaitAsync(stop);
            }
        }
    }

    /// <summary>
    /// How a dying server shows to a grpc-dotnet terminal: a status on reads, but on a write the transport's own error
    /// (the HTTP/2 stream ended), or the call already completed by the failed read.
    /// </summary>
    private static bool IsServerGone(Exception error) => error switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.Internal or StatusCode.Unknown,
        IOException or HttpRequestException => true,
        InvalidOperationException => error.Message.Contains("call is complete", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private void OnAcked(ulong newlyAcked)
    {
        lock (_ackLock)
        {
            _ackedEvents += (long)newlyAcked;
            if (_ackedEvents >= Terminals * EventsPerTerminal / 3)
            {
                _enoughAcked.TrySetResult();
            }
        }
    }

    private static List<CrossingEvent> CreateEvents(int terminal)
    {
        var random = new Random(terminal);
        var checkpoint = Checkpoints[terminal % Checkpoints.Length];
        var start = DateTimeOffset.UtcNow.AddHours(-6);
        var events = new List<CrossingEvent>(EventsPerTerminal);
        for (var i = 1; i <= EventsPerTerminal; i++)
        {
            events.Add(new CrossingEvent
            {
                EventId = $"crash-t{terminal}-{i}",
                CheckpointId = checkpoint,
                TerminalId = $"crash-terminal-{terminal}",
                Sequence = (ulong)i,
                OccurredAt = Timestamp.FromDateTimeOffset(start.AddSeconds(i)),
                Movement = (Movement)random.Next(1, 6),
                Direction = (Direction)random.Next(1, 3),
                Nationality = Nationalities[random.Next(Nationalities.Length)],
                AgeGroup = (AgeGroup)random.Next(1, 7),
                Sex = (Sex)random.Next(1, 4),
                Headcount = (uint)random.Next(1, 6),
            });
        }
        return events;
    }

    private static void AssertCountsEqual(List<CrossingEvent> expected, Counts actual)
    {
        foreach (var movement in new[] { Movement.Arrival, Movement.Departure, Movement.ShelterCheckIn, Movement.ShelterCheckOut, Movement.RepatriationBoarding })
        {
            var these = expected.Where(e => e.Movement == movement).ToList();
            var tally = movement switch
            {
                Movement.Arrival => actual.Arrival,
                Movement.Departure => actual.Departure,
                Movement.ShelterCheckIn => actual.ShelterCheckIn,
                Movement.ShelterCheckOut => actual.ShelterCheckOut,
                _ => actual.RepatriationBoarding,
            };
            Assert.Equal(Sum(these), tally.People);
            Assert.Equal(Sum(these.Where(e => e.Direction == Direction.Northbound)), tally.ByDirection.Northbound);
            Assert.Equal(Sum(these.Where(e => e.Direction == Direction.Southbound)), tally.ByDirection.Southbound);
            Assert.Equal(Sum(these.Where(e => e.Sex == Sex.Female)), tally.BySex.Female);
            Assert.Equal(Sum(these.Where(e => e.Sex == Sex.Male)), tally.BySex.Male);
            Assert.Equal(Sum(these.Where(e => e.AgeGroup == AgeGroup.Ages0To4)), tally.ByAgeGroup.Ages0To4);
            Assert.Equal(Sum(these.Where(e => e.AgeGroup == AgeGroup.Ages60Plus)), tally.ByAgeGroup.Ages60Plus);
            foreach (var nationality in Nationalities)
            {
                Assert.Equal(Sum(these.Where(e => e.Nationality == nationality)), tally.ByNationality.GetValueOrDefault(nationality));
            }
        }
    }

    private static ulong Sum(IEnumerable<CrossingEvent> events) => (ulong)events.Sum(e => (long)e.Headcount);
}

using System.Diagnostics;
using CheckpointGrid.Bench.Servers;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Watch;

/// <summary>
/// Watch streams at the server's default interval, 100 per channel, read as fast as they come.
/// Dashboards: two in five on the nation, one in five on every checkpoint, the rest on a region or one
/// checkpoint, each message only taken off the wire (gRPC framing, no decoding: <see cref="UndecodedWatch"/>) —
/// the bench runs them in a process of their own (<see cref="FleetProcess"/>). Probes: national watchers that
/// decode their messages and note when the probe's count (arrivals of nationality <see cref="ProbeTerminal.Nationality"/>)
/// changes, for the ack → update latency.
/// </summary>
internal sealed class WatcherFleet : IAsyncDisposable
{
    private const int StreamsPerConnection = 100;

    private static readonly string[] Regions = ["Darién", "Chiriquí", "Colón", "Guna Yala", "Panamá", "Emberá-Wounaan", "Panamá Oeste"];
    private static readonly string[] Checkpoints = ["PA-DAR-SVC", "PA-DAR-LJB", "PA-CHI-LPG", "PA-CHI-PCN", "PA-GNA-POB", "PA-COL-MRM", "PA-PAN-PTY"];

    private readonly GrpcChannel[] _channels;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];
    private readonly List<List<(long Timestamp, ulong ProbeCount)>> _probeSeries = [];
    private readonly TaskCompletionSource _allSnapshots = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _count;
    private long _messages;
    private int _snapshots;

    private WatcherFleet(Uri address, int count)
    {
        _count = count;
        _channels = new GrpcChannel[(count + StreamsPerConnection - 1) / StreamsPerConnection];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = ServerChannel.Open(address, manyStreams: true);
        }
    }

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Per national watcher, when each new probe count arrived (Stopwatch timestamps).</summary>
    public IReadOnlyList<List<(long Timestamp, ulong ProbeCount)>> ProbeSeries => _probeSeries;

    /// <summary>Connects <paramref name="count"/> dashboards, or probes, and waits for every snapshot (bounded).</summary>
    public static async Task<WatcherFleet> StartAsync(Uri address, int count, bool probes)
    {
        var fleet = new WatcherFleet(address, count);
        for (var i = 0; i < count; i++)
        {
            var (request, national) = (probes ? 0 : i % 5) switch
            {
                0 or 1 => (new WatchRequest { Scope = new Scope { National = new() } }, true),
                2 => (new WatchRequest { AllCheckpoints = new() }, false),
                3 => (new WatchRequest { Scope = new Scope { Region = Regions[i / 5 % Regions.Length] } }, false),
                _ => (new WatchRequest { Scope = new Scope { CheckpointId = Checkpoints[i / 5 % Checkpoints.Length] } }, false),
            };
            var channel = fleet._channels[i / StreamsPerConnection];
            if (probes)
            {
                List<(long, ulong)> series = [];
                fleet._probeSeries.Add(series);
                var call = new WatchService.WatchServiceClient(channel).Watch(request, cancellationToken: fleet._stop.Token);
                fleet._readers.Add(Task.Run(() => fleet.ReadAsync(call, series)));
            }
            else
            {
                var call = channel.CreateCallInvoker().AsyncServerStreamingCall(UndecodedWatch.Method, null, new CallOptions(cancellationToken: fleet._stop.Token), request);
                fleet._readers.Add(Task.Run(() => fleet.ReadUndecodedAsync(call)));
            }
        }
        try
        {
            await fleet._allSnapshots.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await fleet.DisposeAsync();
            throw new TimeoutException($"Only {fleet._snapshots} of {count} watchers got their snapshot within 60 s.");
        }
        return fleet;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_readers).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException)
        {
            // Cancelling the calls is how the fleet stops.
        }
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        _stop.Dispose();
    }

    /// <summary>Takes each message of a dashboard's stream off the wire; its first byte tells a snapshot.</summary>
    private async Task ReadUndecodedAsync(AsyncServerStreamingCall<WatchFrame> call)
    {
        using (call)
        {
            while (await call.ResponseStream.MoveNext())
            {
                if (call.ResponseStream.Current == WatchFrame.Snapshot && Interlocked.Increment(ref _snapshots) == _count)
                {
                    _allSnapshots.TrySetResult();
                }
                Interlocked.Increment(ref _messages);
            }
        }
    }

    private async Task ReadAsync(AsyncServerStreamingCall<WatchResponse> call, List<(long Timestamp, ulong ProbeCount)>? series)
    {
        using (call)
        {
            var probeCount = 0ul;
            while (await call.ResponseStream.MoveNext())
            {
                var now = Stopwatch.GetTimestamp();
                var message = call.ResponseStream.Current;
                Interlocked.Increment(ref _messages);
                var scopes = message.PayloadCase switch
                {
                    WatchResponse.PayloadOneofCase.Snapshot => message.Snapshot.Scopes,
                    WatchResponse.PayloadOneofCase.Update => message.Update.Changed,
                    _ => null,
                };
                if (message.PayloadCase == WatchResponse.PayloadOneofCase.Snapshot && Interlocked.Increment(ref _snapshots) == _count)
                {
                    _allSnapshots.TrySetResult();
                }
                if (series is null || scopes is null || scopes.Count == 0)
                {
                    continue;
                }
                var count = scopes[0].Totals.Arrival.ByNationality.GetValueOrDefault(ProbeTerminal.Nationality);
                if (count != probeCount)
                {
                    probeCount = count;
                    lock (series)
                    {
                        series.Add((now, count));
                    }
                }
            }
        }
    }
}

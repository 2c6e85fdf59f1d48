using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Rpc;
using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Bench.Watch;

/// <summary>
/// Watch streams at the server's default interval, 100 per HTTP/2 connection, read as fast as they come.
/// Dashboards: two in five on the nation, one in five on every checkpoint, the rest on a region or one
/// checkpoint, each message only taken off the wire (gRPC framing, no decoding) — the bench runs them in a
/// process of their own (<see cref="FleetProcess"/>). Probes: national watchers that decode their messages
/// and note when the probe's count (arrivals of nationality <see cref="ProbeTerminal.Nationality"/>)
/// changes, for the ack → update latency.
/// </summary>
internal sealed class WatcherFleet : IAsyncDisposable
{
    private const int StreamsPerConnection = 100;

    private static readonly Method<WatchRequest, WatchResponse> Watch =
        Method.Create<WatchRequest, WatchResponse>(WatchReflection.Descriptor.Services[0], "Watch");

    private static readonly string[] Regions = ["Darién", "Chiriquí", "Colón", "Guna Yala", "Panamá", "Emberá-Wounaan", "Panamá Oeste"];
    private static readonly string[] Checkpoints = ["PA-DAR-SVC", "PA-DAR-LJB", "PA-CHI-LPG", "PA-CHI-PCN", "PA-GNA-POB", "PA-COL-MRM", "PA-PAN-PTY"];

    private readonly GrpcChannel[] _channels;
    private readonly HttpMessageInvoker[] _raw;
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
        _raw = new HttpMessageInvoker[_channels.Length];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = new GrpcChannel(address);
            _raw[i] = new HttpMessageInvoker(new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false });
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
            if (probes)
            {
                List<(long, ulong)> series = [];
                fleet._probeSeries.Add(series);
                var call = await fleet._channels[i / StreamsPerConnection].ServerStreamingAsync(Watch, request).WaitAsync(TimeSpan.FromSeconds(30));
                fleet._readers.Add(Task.Run(() => fleet.ReadAsync(call, series)));
            }
            else
            {
                var invoker = fleet._raw[i / StreamsPerConnection];
                fleet._readers.Add(Task.Run(() => fleet.ReadRawAsync(invoker, address, request)));
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
        foreach (var invoker in _raw)
        {
            invoker.Dispose();
        }
        _stop.Dispose();
    }

    /// <summary>Takes each message of a Watch stream off the wire by its gRPC length prefix, without decoding it.</summary>
    private async Task ReadRawAsync(HttpMessageInvoker invoker, Uri address, WatchRequest request)
    {
        var body = new byte[5 + request.CalculateSize()];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)(body.Length - 5));
        request.WriteTo(body.AsSpan(5));
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(address, Watch.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await invoker.SendAsync(message, _stop.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(_stop.Token);
        var header = new byte[5];
        var payload = new byte[64 * 1024];
        while (true)
        {
            await stream.ReadExactlyAsync(header, _stop.Token);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
            var first = true;
            for (var left = length; left > 0;)
            {
                var read = await stream.ReadAsync(payload.AsMemory(0, Math.Min(left, payload.Length)), _stop.Token);
                if (read == 0)
                {
                    throw new EndOfStreamException("A watch stream ended inside a message.");
                }
                // A snapshot is field 1 of WatchResponse: its tag byte is 0x0A.
                if (first && payload[0] == 0x0A && Interlocked.Increment(ref _snapshots) == _count)
                {
                    _allSnapshots.TrySetResult();
                }
                first = false;
                left -= read;
            }
            Interlocked.Increment(ref _messages);
        }
    }

    private async Task ReadAsync(ClientCall<WatchRequest, WatchResponse> call, List<(long Timestamp, ulong ProbeCount)>? series)
    {
        using (call)
        {
            var probeCount = 0ul;
            while (await call.ResponseStream.MoveNext(_stop.Token))
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

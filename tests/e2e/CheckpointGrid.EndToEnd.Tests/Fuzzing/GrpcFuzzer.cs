using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing;
using Google.Protobuf;

namespace CheckpointGrid.EndToEnd.Tests.Fuzzing;

/// <summary>
/// Well-formed HTTP/2 gRPC calls (framed by hand over HttpClient) to every method the server has, carrying random
/// and damaged messages in right and wrong framing, among them damaged Ingest sequences (open, batches) at
/// <paramref name="checkpoint"/>. Each call's outcome (grpc-status, or how it broke) is tallied.
/// </summary>
internal sealed class GrpcFuzzer(Uri address, Random random, string checkpoint)
{
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(3);

    /// <summary>Every method path, the protos' and those of reflection and health, which the server also serves.</summary>
    private static readonly string[] Paths =
    [
        .. new[] { CatalogReflection.Descriptor, QueryReflection.Descriptor, IngestReflection.Descriptor, WatchReflection.Descriptor }
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods.Select(method => $"/{service.FullName}/{method.Name}")),
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        "/grpc.health.v1.Health/Check",
        "/grpc.health.v1.Health/Watch",
        "/checkpointgrid.v1.NoSuchService/Nothing",
    ];

    private readonly ConcurrentDictionary<string, int> _outcomes = new();

    /// <summary>Every event's occurred_at: valid events must be recent, so this one value is the run's, not the seed's.</summary>
    private readonly DateTimeOffset _runStart = DateTimeOffset.UtcNow.AddMinutes(-1);
    private int _calls;

    /// <summary>How many calls ended how: "grpc-status N", "http NNN", or the exception's type.</summary>
    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public int Calls => _calls;

    public async Task RunAsync(int maxCalls, CancellationToken stop)
    {
        using var http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        for (var i = 0; i < maxCalls && !stop.IsCancellationRequested; i++)
        {
            var path = Paths[random.Next(Paths.Length)];
            var body = Mutations.Body(random, Messages(path, i), out _);
            var outcome = await CallAsync(http, path, body, stop);
            _outcomes.AddOrUpdate(outcome, 1, static (_, n) => n + 1);
            Interlocked.Increment(ref _calls);
        }
    }

    private async Task<string> CallAsync(HttpClient http, string path, byte[] body, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(random.Next(20) == 0 ? "application/json" : "application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        switch (random.Next(12))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("grpc-encoding", random.Next(2) == 0 ? "gzip" : "no-such-codec");
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("grpc-timeout", random.Next(2) == 0 ? "garbage" : "1n");
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("grpc-accept-encoding", Convert.ToBase64String(Mutations.RandomBytes(random, 64)));
                break;
        }
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(stop);
        bound.CancelAfter(CallBound);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
            await response.Content.CopyToAsync(Stream.Null, bound.Token);
            var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
            return status is null ? $"http {(int)response.StatusCode}" : $"grpc-status {status}";
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // A Watch (or a call waiting for the rest of a frame) is still open when the bound comes: cut it.
            return "cut after 3 s";
        }
        catch (Exception error) when (error is HttpRequestException or IOException or OperationCanceledException)
        {
            return error.GetType().Name;
        }
    }

    /// <summary>The messages of one call: a damaged valid sequence, protobuf-like noise, or random bytes.</summary>
    private List<byte[]> Messages(string path, int call)
    {
        var valid = ValidMessages(path, call);
        var messages = new List<byte[]>(valid.Count + 1);
        var kind = random.Next(3);
        foreach (var message in valid)
        {
            messages.Add(kind switch
            {
                0 => random.Next(2) == 0 ? Mutations.Damage(random, message) : message,
                1 => Mutations.RandomProto(random),
                _ => Mutations.RandomBytes(random, 256),
            });
        }
        if (random.Next(8) == 0)
        {
            messages.Add(Mutations.RandomProto(random));
        }
        if (random.Next(16) == 0)
        {
            messages.Clear();
        }
        return messages;
    }

    /// <summary>What a correct client would send to <paramref name="path"/>, before the damage.</summary>
    private List<byte[]> ValidMessages(string path, int call)
    {
        var terminal = $"fuzz-{call}";
        switch (path)
        {
            case "/checkpointgrid.v1.IngestService/Ingest":
                var messages = new List<byte[]> { new IngestRequest { Open = new IngestOpen { CheckpointId = checkpoint, TerminalId = terminal } }.ToByteArray() };
                ulong sequence = 1;
                for (var b = random.Next(1, 4); b > 0; b--)
                {
                    var batch = new EventBatch();
                    for (var e = random.Next(1, 6); e > 0; e--)
                    {
                        var crossing = Crossings.One(checkpoint, headcount: (uint)random.Next(1, 5), occurredAt: _runStart);
                        crossing.EventId = $"{terminal}-{sequence}";
                        crossing.TerminalId = terminal;
                        crossing.Sequence = sequence++;
                        batch.Events.Add(crossing);
                    }
                    messages.Add(new IngestRequest { Batch = batch }.ToByteArray());
                }
                return messages;
            case "/checkpointgrid.v1.IngestService/RecordCrossing":
                var single = Crossings.One(checkpoint, headcount: (uint)random.Next(1, 5), occurredAt: _runStart);
                single.EventId = $"{terminal}-0";
                single.TerminalId = terminal;
                return [new RecordCrossingRequest { Event = single }.ToByteArray()];
            case "/checkpointgrid.v1.QueryService/GetCheckpointCounts":
                return [new GetCheckpointCountsRequest { CheckpointId = checkpoint }.ToByteArray()];
            case "/checkpointgrid.v1.WatchService/Watch":
                return [new WatchRequest { Scope = new Scope { CheckpointId = checkpoint }, MinIntervalMs = 50 }.ToByteArray()];
            default:
                // Any other method: its request type's empty message, which damage grows into something.
                return [[]];
        }
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

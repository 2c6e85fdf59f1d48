using System.Globalization;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.EndToEnd.Tests.Fuzzing;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// A bounded fuzz run against the real server process: random bytes on raw TCP, HTTP/2 garbage after a valid
/// preface, and gRPC calls to every method with random and damaged messages and framing, while a valid terminal
/// streams. The inputs are fixed by the seed (printed; CHECKPOINTGRID_FUZZ_SEED repeats a run), except the events'
/// occurred_at, which must be recent to be valid; how many inputs fit in the time and how they interleave are the
/// machine's. CHECKPOINTGRID_FUZZ_SECONDS sets the length (20 s).
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const string ValidCheckpoint = "PA-DAR-LJB";
    private const string FuzzedCheckpoint = "PA-COL-MRM";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hostile_input_leaves_the_server_up_serving_and_every_acknowledged_event_counted()
    {
        var seed = Setting("CHECKPOINTGRID_FUZZ_SEED") ?? Random.Shared.Next();
        var seconds = Setting("CHECKPOINTGRID_FUZZ_SECONDS") ?? 20;
        var repeat = $"fuzz seed {seed}: CHECKPOINTGRID_FUZZ_SEED={seed} repeats these inputs";
        output.WriteLine(repeat);

        var dataDir = Path.Combine(Path.GetTempPath(), "cg-fuzz-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var server = ServerProcessFixture.Start("--port", "0", "--http-port", "0", "--data-dir", dataDir);
            var grpcPort = Port(await server.WaitForLineAsync(@"gRPC listening on http://127\.0\.0\.1:(\d+)", Patience));
            var webPort = Port(await server.WaitForLineAsync(@"Web listening on http://127\.0\.0\.1:(\d+)", Patience));
            var address = new Uri($"http://127.0.0.1:{grpcPort}");

            await using var terminal = new ValidTerminal(address, ValidCheckpoint, Seeded(seed, 0));
            var raw = new RawTcpFuzzer("127.0.0.1", grpcPort, Seeded(seed, 1));
            var http2 = new Http2Fuzzer("127.0.0.1", grpcPort, Seeded(seed, 2));
            GrpcFuzzer[] grpc = [new(address, Seeded(seed, 3), FuzzedCheckpoint), new(address, Seeded(seed, 4), FuzzedCheckpoint)];
            using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds)))
            {
                var run = Task.WhenAll(
                    terminal.RunAsync(stop.Token),
                    raw.RunAsync(maxConnections: 20_000, stop.Token),
                    http2.RunAsync(maxConnections: 20_000, stop.Token),
                    grpc[0].RunAsync(maxCalls: 100_000, stop.Token),
                    grpc[1].RunAsync(maxCalls: 100_000, stop.Token));
                var first = await Task.WhenAny(run, server.Exited).WaitAsync(TimeSpan.FromSeconds(seconds) + Patience);
                Assert.True(first == run, $"The server exited ({repeat}):\n{server.Output}");
                await run;
            }

            output.WriteLine($"raw TCP connections {raw.Connections}; HTTP/2 connections {http2.Connections}, frames {http2.Frames}; " +
                $"gRPC calls {grpc.Sum(g => g.Calls)}; valid terminal acks {terminal.Acks}, people {terminal.AckedPeople}");
            foreach (var (outcome, count) in grpc.SelectMany(g => g.Outcomes).GroupBy(o => o.Key).Select(g => (g.Key, g.Sum(o => o.Value))).OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {outcome}: {count}");
            }

            // What the server logged as failures, once each: the hostile input it answered, for a reader of the run.
            foreach (var line in server.Output.Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal)).Select(Shape).Distinct().Take(30))
            {
                output.WriteLine($"  server: {line}");
            }

            Assert.False(server.Exited.IsCompleted, $"The server exited ({repeat}):\n{server.Output}");
            // Every bad input gets a status that names it: none UNKNOWN, and none the server logged as its own failure.
            var unknown = grpc.Sum(g => g.Outcomes.GetValueOrDefault("grpc-status 2"));
            Assert.True(unknown == 0, $"{unknown} calls ended UNKNOWN ({repeat}).");
            var failures = server.Output.Split('\n').Where(l => l.Contains("fail: ", StringComparison.Ordinal)).Select(Shape).Distinct().ToList();
            Assert.True(failures.Count == 0, $"The server logged failures ({repeat}):\n{string.Join('\n', failures)}");
            Assert.True(terminal.Failures.Count == 0, $"The valid terminal failed ({repeat}): {string.Join("; ", terminal.Failures)}");
            Assert.True(terminal.Acks > 0, $"The valid terminal got no ack ({repeat}).");

            using var http = new HttpClient();
            Assert.Equal("SERVING\n", await http.GetStringAsync(new Uri($"http://127.0.0.1:{webPort}/healthz")).WaitAsync(Patience));

            // A fresh client is served, and the counts hold every acknowledged event: the valid terminal's exactly,
            // and the nation is the sum of its checkpoints (damaged-but-valid fuzz events may have been counted at theirs).
            using var fresh = GrpcChannel.ForAddress(address);
            var catalog = new CatalogService.CatalogServiceClient(fresh);
            var query = new QueryService.QueryServiceClient(fresh);
            var checkpoints = (await catalog.ListCheckpointsAsync(new ListCheckpointsRequest(), deadline: Deadline())).Checkpoints;
            Assert.NotEmpty(checkpoints);
            var valid = (await query.GetCheckpointCountsAsync(new GetCheckpointCountsRequest { CheckpointId = ValidCheckpoint }, deadline: Deadline())).Counts;
            Assert.Equal(terminal.AckedPeople, valid.Totals.Arrival.People);
            var national = (await query.GetNationalCountsAsync(new GetNationalCountsRequest(), deadline: Deadline())).Counts;
            var sum = new ulong[5];
            foreach (var checkpoint in checkpoints)
            {
                var counts = (await query.GetCheckpointCountsAsync(new GetCheckpointCountsRequest { CheckpointId = checkpoint.Id }, deadline: Deadline())).Counts;
                Add(sum, counts.Totals);
            }
            var nation = new ulong[5];
            Add(nation, national.Totals);
            Assert.Equal(sum, nation);
            Assert.True(nation[0] >= terminal.AckedPeople);
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static void Add(ulong[] sum, Counts totals)
    {
        sum[0] += totals.Arrival.People;
        sum[1] += totals.Departure.People;
        sum[2] += totals.ShelterCheckIn.People;
        sum[3] += totals.ShelterCheckOut.People;
        sum[4] += totals.RepatriationBoarding.People;
    }

    /// <summary>A log line without its timestamp and numbers, so that repeats of one failure read as one.</summary>
    private static string Shape(string line)
    {
        var shape = System.Text.RegularExpressions.Regex.Replace(line.Length > 25 ? line[25..] : line, @"\d+", "N").Trim();
        var stack = shape.IndexOf("    at ", StringComparison.Ordinal);
        return stack > 0 ? shape[..stack] : shape;
    }

    private static DateTime Deadline() => DateTime.UtcNow + Patience;

    /// <summary>Each fuzzer's own generator, fixed by the seed.</summary>
    private static Random Seeded(int seed, int stream) => new(unchecked((seed * 397) ^ stream));

    private static int Port(System.Text.RegularExpressions.Match line) => int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}

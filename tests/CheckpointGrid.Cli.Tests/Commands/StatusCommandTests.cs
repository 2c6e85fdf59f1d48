using Microsoft.AspNetCore.Builder;
using CheckpointGrid.Cli.Tests.Fixtures;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Cli.Tests.Commands;

/// <summary>`checkpointgrid status` against a fake StatusService: the table of silos and totals, --watch bounded by --count, a refusal.</summary>
public sealed class StatusCommandTests : IAsyncLifetime
{
    private readonly FakeStatus _fake = new();
    private LoopbackGrpcHost _server = null!;

    public async Task InitializeAsync() =>
        _server = await LoopbackGrpcHost.StartAsync(services => services.AddSingleton(_fake), app => app.MapGrpcService<FakeStatusService>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Status_prints_each_silo_with_its_state_and_numbers_and_the_totals()
    {
        var (exitCode, output, _) = await RunAsync("status");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(0, exitCode);
        Assert.Equal("health SERVING  version 1.2.3  answered by 10.0.0.1:11111@1  at 2026-01-02 03:04:05Z", lines[0]);
        Assert.Matches(@"^silo\s+state\s+uptime\s+version\s+events/s\s+events\s+streams\s+watchers\s+grains\s+roll-up updates$", lines[1]);
        Assert.Matches(@"^10\.0\.0\.1:11111@1\s+active\s+1d 02:00:00\s+1\.2\.3\s+12\.5\s+3400\s+3\s+2\s+CheckpointGrain 9, NationalGrain 1\s+NationalGrain 40, RegionGrain 1200$", lines[2]);
        Assert.Matches(@"^10\.0\.0\.2:11111@1\s+active\s+00:05:00\s+1\.2\.3\s+0\.5\s+10\s+1\s+0\s+CheckpointGrain 1\s+-$", lines[3]);
        Assert.Matches(@"^10\.0\.0\.3:11111@1\s+shutting-down\s+00:00:30\s+no answer within 5 s$", lines[4]);
        Assert.Matches(@"^total \(2 of 3 silos\)\s+13\.0\s+3410\s+4\s+2\s+CheckpointGrain 10, NationalGrain 1\s+NationalGrain 40, RegionGrain 1200$", lines[5]);
        Assert.Equal(6, lines.Length);
        Assert.Equal(1, _fake.Calls);
    }

    [Fact]
    public async Task Watch_prints_a_fresh_table_every_interval_and_stops_after_count()
    {
        var (exitCode, output, _) = await RunAsync("status --watch --interval 0.1 --count 3 --include-dead");

        Assert.Equal(0, exitCode);
        Assert.Equal(3, _fake.Calls);
        Assert.True(_fake.AskedForDead);
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("health SERVING", StringComparison.Ordinal)));
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("total (2 of 3 silos)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refusal_is_printed_with_its_status()
    {
        _fake.Refusal = new RpcException(new Status(StatusCode.PermissionDenied, "this call needs role admin; the token's role is 'viewer'."));

        var (exitCode, _, error) = await RunAsync("status --token abc");

        Assert.Equal(1, exitCode);
        Assert.Contains("status failed: PermissionDenied: this call needs role admin", error, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string arguments) => _server.RunCliAsync(arguments);

    /// <summary>What the fake answers, and what it was asked.</summary>
    internal sealed class FakeStatus
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool AskedForDead { get; private set; }

        public RpcException? Refusal { get; set; }

        public GetClusterStatusResponse Answer(GetClusterStatusRequest request)
        {
            Interlocked.Increment(ref _calls);
            AskedForDead |= request.IncludeDead;
            if (Refusal is not null)
            {
                throw Refusal;
            }
            var active = new SiloCounts { IngestEventsPerSecond = 12.5, EventsAccepted = 3400, OpenIngestStreams = 3, Watchers = 2 };
            active.ActiveGrains.Add(new GrainTypeCount { GrainType = "CheckpointGrain", Activations = 9 });
            active.ActiveGrains.Add(new GrainTypeCount { GrainType = "NationalGrain", Activations = 1 });
            active.RollupUpdates.Add(new RollupUpdateCount { GrainType = "NationalGrain", Updates = 40 });
            active.RollupUpdates.Add(new RollupUpdateCount { GrainType = "RegionGrain", Updates = 1200 });
            var quiet = new SiloCounts { IngestEventsPerSecond = 0.5, EventsAccepted = 10, OpenIngestStreams = 1 };
            quiet.ActiveGrains.Add(new GrainTypeCount { GrainType = "CheckpointGrain", Activations = 1 });
            var totals = new SiloCounts { IngestEventsPerSecond = 13, EventsAccepted = 3410, OpenIngestStreams = 4, Watchers = 2 };
            totals.ActiveGrains.Add(new GrainTypeCount { GrainType = "CheckpointGrain", Activations = 10 });
            totals.ActiveGrains.Add(new GrainTypeCount { GrainType = "NationalGrain", Activations = 1 });
            totals.RollupUpdates.Add(new RollupUpdateCount { GrainType = "NationalGrain", Updates = 40 });
            totals.RollupUpdates.Add(new RollupUpdateCount { GrainType = "RegionGrain", Updates = 1200 });
            return new GetClusterStatusResponse
            {
                Health = "SERVING",
                ServerVersion = "1.2.3",
                AnsweredBy = "10.0.0.1:11111@1",
                ServerTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
                Silos =
                {
                    Silo("10.0.0.1:11111@1", SiloState.Active, TimeSpan.FromHours(26), active, ""),
                    Silo("10.0.0.2:11111@1", SiloState.Active, TimeSpan.FromMinutes(5), quiet, ""),
                    Silo("10.0.0.3:11111@1", SiloState.ShuttingDown, TimeSpan.FromSeconds(30), null, "no answer within 5 s"),
                },
                Totals = totals,
            };
        }

        private static SiloStatus Silo(string address, SiloState state, TimeSpan uptime, SiloCounts? counts, string error) => new()
        {
            Address = address,
            State = state,
            Uptime = Duration.FromTimeSpan(uptime),
            ServerVersion = counts is null ? "" : "1.2.3",
            Counts = counts,
            Error = error,
        };
    }

    internal sealed class FakeStatusService(FakeStatus fake) : StatusService.StatusServiceBase
    {
        public override Task<GetClusterStatusResponse> GetClusterStatus(GetClusterStatusRequest request, ServerCallContext context) =>
            Task.FromResult(fake.Answer(request));
    }
}

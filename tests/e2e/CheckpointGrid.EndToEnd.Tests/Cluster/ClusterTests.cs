using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Storage.Postgres.Membership;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Grpc;
using CheckpointGrid.Testing.Postgres;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.EndToEnd.Tests.Cluster;

/// <summary>The private PostgreSQL server the cluster tests share; each test takes a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresInstance Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresInstance.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Three server processes, one cluster on one PostgreSQL database. A month of SNM's table is replayed through the
/// terminal agent (the real CLI) with all three servers given, so its terminals spread over them; a dashboard
/// watches the national counts on every node. Mid-stream one node is killed (SIGKILL) or hung (SIGSTOP), or the
/// database restarts. Each time the replay ends with everything acknowledged, and every surviving node's queries
/// and watchers show exactly the published month: no acknowledged event lost, none counted twice.
/// </summary>
public sealed class ClusterTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const int Year = 2023;
    private const int Month = 9;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private static readonly string[] NodeNames = ["a", "b", "c"];
    private static readonly Method<GetNationalCountsRequest, GetNationalCountsResponse> NationalCounts =
        Rpc.Of<GetNationalCountsRequest, GetNationalCountsResponse>(QueryReflection.Descriptor.Services[0], "GetNationalCounts");
    private static readonly Method<GetRegionCountsRequest, GetRegionCountsResponse> RegionCounts =
        Rpc.Of<GetRegionCountsRequest, GetRegionCountsResponse>(QueryReflection.Descriptor.Services[0], "GetRegionCounts");
    private static readonly Method<ListCheckpointsRequest, ListCheckpointsResponse> ListCheckpoints =
        Rpc.Of<ListCheckpointsRequest, ListCheckpointsResponse>(CatalogReflection.Descriptor.Services[0], "ListCheckpoints");

    private readonly string _outboxes = Path.Combine(Path.GetTempPath(), "cg-cluster-outboxes-" + Guid.NewGuid().ToString("N"));
    private readonly List<ClusterNode> _nodes = [];
    private readonly List<NationalWatcher> _watchers = [];
    private readonly Dictionary<string, long> _row = PublishedMonths.Row(Year, Month);
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        // Started together: they race to create the schema and to join.
        _nodes.AddRange(await Task.WhenAll(NodeNames.Select(name => ClusterNode.StartAsync(name, _database, Patience))));
        _watchers.AddRange(_nodes.Select(NationalWatcher.Start));
    }

    public async Task DisposeAsync()
    {
        foreach (var watcher in _watchers)
        {
            await watcher.DisposeAsync();
        }
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        if (Directory.Exists(_outboxes))
        {
            Directory.Delete(_outboxes, recursive: true);
        }
    }

    [Fact]
    public async Task A_node_killed_mid_stream_loses_nothing_and_its_terminals_resume_on_the_others()
    {
        await using var replay = StartReplay();
        await AThirdCountedAsync(replay);

        var victim = _nodes[1];
        await victim.KillAsync(Patience);

        await AssertReplayDrainedAsync(replay, victim);
        Assert.Contains($"server {victim.Address} failed; moving to server", replay.Output, StringComparison.Ordinal);
        await AssertEveryNodeExactAsync(_nodes.Where(n => n != victim));
    }

    [Fact]
    public async Task A_hung_node_is_declared_dead_and_its_checkpoints_are_served_elsewhere()
    {
        await using var replay = StartReplay("--ack-timeout", "5");
        await AThirdCountedAsync(replay);

        var victim = _nodes[1];
        await victim.PauseAsync();

        await AssertReplayDrainedAsync(replay, victim);
        Assert.Contains($"server {victim.Address} failed; moving to server", replay.Output, StringComparison.Ordinal);
        await AssertEveryNodeExactAsync(_nodes.Where(n => n != victim));

        // Its checkpoints could be served elsewhere only once the others had declared it dead.
        var silos = await PostgresMembershipReader.ReadSilosAsync(_database, "checkpointgrid", CancellationToken.None);
        Assert.Equal(MembershipSiloStatus.Dead, silos.Single(s => s.Port == victim.SiloPort).Status);
        Assert.All(silos.Where(s => s.Port != victim.SiloPort), s => Assert.Equal(MembershipSiloStatus.Active, s.Status));
    }

    [Fact]
    public async Task A_database_restart_mid_stream_pauses_acks_and_loses_nothing()
    {
        await using var replay = StartReplay();
        await AThirdCountedAsync(replay);

        await postgres.Server.StopAsync();
        // A node meets the outage mid-stream: a group commit fails (its batches unacknowledged) and the store says so.
        await await Task.WhenAny(_nodes.Select(n => n.Process.WaitForLineAsync(@"A transaction of \d+ batches .* failed and was rolled back", Patience)));
        await postgres.Server.StartAgainAsync();

        await AssertReplayDrainedAsync(replay, victim: null);
        await AssertEveryNodeExactAsync(_nodes);
    }

    private ChildProcess StartReplay(params string[] extra) =>
        ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "checkpointgrid"),
            ["replay", "--server", string.Join(',', _nodes.Select(n => n.Address)), "--year", $"{Year}", "--month", $"{Month}",
             "--outbox-dir", _outboxes, "--max-backoff", "2", "--status-interval", "1", .. extra],
            workingDirectory: AppContext.BaseDirectory);

    /// <summary>Waits until the dashboards show a third of the month counted: the replay is well under way.</summary>
    private async Task AThirdCountedAsync(ChildProcess replay)
    {
        var third = _row["total"] / 3;
        var seen = Task.WhenAny(_watchers.Select(w => w.WaitForAsync(c => (long)c.Totals.Arrival.People >= third, Patience, $"{third} people")));
        var done = await Task.WhenAny(seen, replay.Exited);
        Assert.True(done != replay.Exited, $"The replay ended before a third was counted:\n{replay.Output}");
        await await seen;
    }

    private async Task AssertReplayDrainedAsync(ChildProcess replay, ClusterNode? victim)
    {
        var exit = await replay.WaitForExitAsync(Patience);
        Assert.True(exit == 0, $"replay exited {exit}:\n{replay.Output}\n--- victim ---\n{victim?.Output}\n--- others ---\n{string.Join("\n---\n", _nodes.Where(n => n != victim).Select(n => n.Output))}");
    }

    /// <summary>Every node answers the published month, by every dimension, and its dashboard shows the same.</summary>
    private async Task AssertEveryNodeExactAsync(IEnumerable<ClusterNode> nodes)
    {
        foreach (var node in nodes)
        {
            using var channel = GrpcChannel.ForAddress(node.Address);
            var national = (await channel.UnaryAsync(NationalCounts, new GetNationalCountsRequest())).Counts;
            PublishedMonths.AssertEqual(_row, national.Totals.Arrival);
            var regions = 0UL;
            foreach (var region in await RegionsAsync(channel))
            {
                regions += (await channel.UnaryAsync(RegionCounts, new GetRegionCountsRequest { Region = region })).Counts.Totals.Arrival.People;
            }
            Assert.Equal(national.Totals.Arrival.People, regions);

            var watcher = _watchers.Single(w => w.Node == node.Name);
            await watcher.WaitForAsync(c => c.Totals.Equals(national.Totals), TimeSpan.FromSeconds(30), $"the final national counts on {node.Name}");
        }
    }

    private static async Task<IReadOnlyList<string>> RegionsAsync(GrpcChannel channel) =>
        [.. (await channel.UnaryAsync(ListCheckpoints, new ListCheckpointsRequest())).Checkpoints.Select(c => c.Region).Distinct()];
}

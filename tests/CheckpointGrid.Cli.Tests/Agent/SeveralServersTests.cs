using CheckpointGrid.Cli.Agent;
using CheckpointGrid.Cli.Channels;
using CheckpointGrid.Cli.Outbox;
using CheckpointGrid.Cli.Tests.Fixtures;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Grpc.Core;

namespace CheckpointGrid.Cli.Tests.Agent;

/// <summary>
/// Several servers of one cluster: two fake servers on one ledger (as silos share one database). A terminal moves to
/// the next server when its own fails, and resumes from the durable sequence the cluster keeps.
/// </summary>
public sealed class SeveralServersTests : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeIngestLedger _ledger = new();
    private readonly FakeIngestBehavior _behavior = new() { MaxBatchEvents = 25 };
    private readonly ListLogger _logger = new();

    public async ValueTask DisposeAsync()
    {
        _directory.Dispose();
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_terminal_whose_server_dies_moves_to_the_next_and_nothing_is_lost_or_counted_twice()
    {
        await using var first = await FakeIngestServer.StartAsync(_ledger, _behavior);
        await using var second = await FakeIngestServer.StartAsync(_ledger, _behavior);
        using var servers = ServerPool.For([first.Address, second.Address], ServerTrust.System, bearerToken: null);
        using var outbox = EventOutbox.Open(_directory.File("svc-1.db"), CheckpointId.Parse(AgentHarness.Checkpoint), TerminalId.Parse(AgentHarness.Terminal));
        await using var agent = new TerminalAgent(servers, firstServer: 0, outbox, AgentHarness.FastRetries(), logger: _logger);
        agent.Start();

        var before = agent.Record(Crossings.Arrivals("before", 200));
        await WaitAsync(agent.WaitUntilAcknowledgedAsync(before, Timeout()));
        Assert.Equal(first.Address.ToString().TrimEnd('/'), agent.Server);

        await first.StopAsync();
        var after = agent.Record(Crossings.Arrivals("after", 300));
        await WaitAsync(agent.WaitUntilAcknowledgedAsync(after, Timeout()));

        Assert.Equal(second.Address.ToString().TrimEnd('/'), agent.Server);
        Assert.Equal(
            [.. Crossings.Arrivals("before", 200).Select(e => e.EventId), .. Crossings.Arrivals("after", 300).Select(e => e.EventId)],
            _ledger.Counted.Select(e => e.EventId));
        Assert.Equal(0, _ledger.Duplicates);
        Assert.Contains(_logger.Entries, e => e.Message.Contains($"moving to server {agent.Server}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_terminal_whose_first_server_is_down_sends_to_the_next()
    {
        await using var up = await FakeIngestServer.StartAsync(_ledger, _behavior);
        var down = new Uri($"http://127.0.0.1:{FakeIngestServer.FreePort()}");
        using var servers = ServerPool.For([down, up.Address], ServerTrust.System, bearerToken: null);
        using var outbox = EventOutbox.Open(_directory.File("svc-1.db"), CheckpointId.Parse(AgentHarness.Checkpoint), TerminalId.Parse(AgentHarness.Terminal));
        await using var agent = new TerminalAgent(servers, firstServer: 0, outbox, AgentHarness.FastRetries(), logger: _logger);
        agent.Start();

        var last = agent.Record(Crossings.Arrivals("e", 100));
        await WaitAsync(agent.WaitUntilAcknowledgedAsync(last, Timeout()));

        Assert.Equal(100, _ledger.Counted.Count);
        Assert.Equal(1, agent.GetStatus().Connects);
    }

    [Fact]
    public async Task A_one_shot_call_is_answered_by_the_first_server_that_is_up_and_a_refusal_is_not_passed_on()
    {
        await using var up = await FakeIngestServer.StartAsync(_ledger, _behavior);
        var down = new Uri($"http://127.0.0.1:{FakeIngestServer.FreePort()}");
        using var servers = ServerPool.For([down, up.Address], ServerTrust.System, bearerToken: null);
        var asked = new List<string>();

        var answeredBy = await servers.CallAsync(async channel =>
        {
            asked.Add(channel.Target);
            using var call = new IngestService.IngestServiceClient(channel).Ingest(deadline: DateTime.UtcNow.AddSeconds(10));
            await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = AgentHarness.Checkpoint, TerminalId = AgentHarness.Terminal } });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            await call.RequestStream.CompleteAsync();
            return channel.Target;
        }, CancellationToken.None);

        Assert.Equal(up.Address.Authority, answeredBy);
        Assert.Equal([down.Authority, up.Address.Authority], asked);

        // A refusal (here: PERMISSION_DENIED) would be the same on every server: the first one's answer stands.
        var tries = 0;
        var refused = await Assert.ThrowsAsync<RpcException>(() => servers.CallAsync<int>(
            _ => { tries++; throw new RpcException(new Status(StatusCode.PermissionDenied, "no")); }, CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(1, tries);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(AgentHarness.Timeout).Token;

    private static Task WaitAsync(Task task) => task.WaitAsync(AgentHarness.Timeout);
}

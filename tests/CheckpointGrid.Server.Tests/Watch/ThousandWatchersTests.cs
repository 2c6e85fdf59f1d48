using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Grpc.Net.Client;
using CheckpointGrid.Server.Tests.Fixtures;

namespace CheckpointGrid.Server.Tests.Watch;

/// <summary>A thousand dashboards watching while terminals stream: the stalled ones hold nobody back, and everyone ends exact.</summary>
public sealed class ThousandWatchersTests
{
    private const int LiveWatchers = 900;
    private const int StalledThenReading = 50;
    private const int StalledForGood = 50;
    private const int EventCount = 15_000;
    private const int BatchSize = 50;
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(90);
    private static readonly uint[] Intervals = [0, 50, 250, 1000];

    [Fact]
    public async Task Every_live_watcher_converges_to_the_exact_totals_while_stalled_ones_hold_nothing_back()
    {
        await using var server = await GridServer.StartAsync("--Watch:ResyncAfter", "00:00:01");
        var catalog = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints;
        var targets = Targets(catalog);
        // Stalled clients on connections of their own, as real ones would be.
        using var stalledChannel = TestChannel.For(server.Address);
        using var abandonedChannel = TestChannel.For(server.Address);

        var live = await StartAsync(LiveWatchers, i => server.Channel, targets, read: true);
        var stalled = await StartAsync(StalledThenReading, _ => stalledChannel, targets, read: false);
        var abandoned = await StartAsync(StalledForGood, _ => abandonedChannel, targets, read: false);
        try
        {
            await Task.WhenAll(live.Select(w => w.Watcher.WaitUntilAsync(view => view.Count > 0, Convergence)));

            var events = Crossings.RandomStream(seed: 1000, EventCount, catalog.Select(c => c.Id).ToList(), DateTimeOffset.UtcNow, TimeSpan.FromHours(6));
            await Task.WhenAll(events.GroupBy(e => e.CheckpointId).Select(g => StreamTerminalAsync(server, g.Key, g.ToList())))
                .WaitAsync(TimeSpan.FromMinutes(2));

            var expected = new ExpectedScopes(catalog, events);
            await Task.WhenAll(live.Select(w => w.Watcher.WaitUntilAsync(view => expected.Reached(view, w.Scopes), Convergence)));
            foreach (var (watcher, _) in stalled)
            {
                watcher.StartReading();
            }
            await Task.WhenAll(stalled.Select(w => w.Watcher.WaitUntilAsync(view => expected.Reached(view, w.Scopes), Convergence)));

            Assert.All(live.Concat(stalled), w => Assert.Equal(0, w.Watcher.VersionRegressions));
            var national = live.First(w => w.Scopes.Count == 1 && w.Scopes[0].National is not null).Watcher;
            Assert.True(national.Updates < EventCount / BatchSize, $"Updates should coalesce: {national.Updates} updates for {EventCount / BatchSize} batches.");
        }
        finally
        {
            await Task.WhenAll(live.Concat(stalled).Concat(abandoned).Select(w => w.Watcher.DisposeAsync().AsTask()));
        }
    }

    /// <summary>What the watchers watch, in turn: the nation, each region, each checkpoint, every checkpoint.</summary>
    private static List<(WatchRequest Request, List<Scope> Scopes)> Targets(IReadOnlyCollection<Contracts.V1.Checkpoint> catalog)
    {
        var checkpoints = catalog.Select(c => new Scope { CheckpointId = c.Id }).ToList();
        var targets = new List<(WatchRequest, List<Scope>)>
        {
            (new WatchRequest { Scope = new Scope { National = new() } }, [new Scope { National = new() }]),
            (new WatchRequest { AllCheckpoints = new() }, checkpoints),
        };
        targets.AddRange(catalog.Select(c => c.Region).Distinct().Select(r => (new WatchRequest { Scope = new Scope { Region = r } }, new List<Scope> { new() { Region = r } })));
        targets.AddRange(checkpoints.Select(s => (new WatchRequest { Scope = s }, new List<Scope> { s })));
        return targets;
    }

    private static async Task<List<(Watcher Watcher, List<Scope> Scopes)>> StartAsync(
        int count, Func<int, GrpcChannel> channel, List<(WatchRequest Request, List<Scope> Scopes)> targets, bool read)
    {
        var starting = Enumerable.Range(0, count).Select(async i =>
        {
            var (request, scopes) = targets[i % targets.Count];
            var asked = request.Clone();
            asked.MinIntervalMs = Intervals[i % Intervals.Length];
            return (await Watcher.StartAsync(channel(i), asked, read), scopes);
        });
        return [.. await Task.WhenAll(starting)];
    }

    /// <summary>One terminal streams a checkpoint's events in batches, each acked before the next.</summary>
    private static async Task StreamTerminalAsync(GridServer server, string checkpointId, List<CrossingEvent> events)
    {
        using var call = server.Channel.Duplex(Rpcs.IngestStream);
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = checkpointId, TerminalId = "terminal-1" } });
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        var sequence = call.ResponseStream.Current.Opened.NextSequence;
        foreach (var chunk in events.Chunk(BatchSize))
        {
            var batch = new EventBatch();
            foreach (var crossing in chunk)
            {
                var sent = crossing.Clone();
                sent.TerminalId = "terminal-1";
                sent.Sequence = sequence++;
                batch.Events.Add(sent);
            }
            await call.RequestStream.WriteAsync(new IngestRequest { Batch = batch });
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
            Assert.Equal((uint)chunk.Length, call.ResponseStream.Current.Ack.AcceptedEvents);
        }
        await call.RequestStream.CompleteAsync();
    }
}

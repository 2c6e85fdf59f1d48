using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Operations;

/// <summary>
/// StatusService.GetClusterStatus on a real server: the silo, its state and its numbers as ingestion, watchers and the
/// roll-ups move them.
/// </summary>
public sealed class ClusterStatusTests
{
    private const string Checkpoint = "PA-DAR-SVC";

    [Fact]
    public async Task Status_lists_the_silo_and_counts_the_events_streams_and_watchers_it_serves()
    {
        await using var server = await GridServer.StartAsync();
        var client = new StatusService.StatusServiceClient(server.Channel);
        var before = await StatusAsync(client);

        using var ingest = server.Channel.Duplex(Rpcs.IngestStream);
        await ingest.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = Checkpoint, TerminalId = "status-1" } });
        Assert.True(await ingest.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        var batch = new EventBatch();
        batch.Events.AddRange(Crossings.Sequenced(Checkpoint, "status-1", 1, 40));
        await ingest.RequestStream.WriteAsync(new IngestRequest { Batch = batch });
        Assert.True(await ingest.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        Assert.Equal(40U, ingest.ResponseStream.Current.Ack.AcceptedEvents);
        await using var watcher = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = new Scope { National = new() } });
        await watcher.WaitUntilAsync(view => view.Count > 0, GridServer.Patience);
        // A national read has the regions flush to the nation first: the batch's change has reached it when this returns.
        await new QueryService.QueryServiceClient(server.Channel)
            .GetNationalCountsAsync(new GetNationalCountsRequest(), new CallOptions(deadline: DateTime.UtcNow + GridServer.Patience)).ResponseAsync.WaitAsync(GridServer.Patience);

        var after = await StatusAsync(client);

        Assert.Equal("SERVING", after.Health);
        Assert.False(string.IsNullOrEmpty(after.ServerVersion));
        var silo = Assert.Single(after.Silos);
        Assert.Equal(after.AnsweredBy, silo.Address);
        Assert.Equal(SiloState.Active, silo.State);
        Assert.Equal("", silo.Error);
        Assert.True(silo.Uptime.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal(after.ServerVersion, silo.ServerVersion);

        var beforeCounts = Assert.Single(before.Silos).Counts;
        Assert.Equal(0UL, beforeCounts.EventsAccepted);
        Assert.Equal(0.0, beforeCounts.IngestEventsPerSecond);
        Assert.Equal(0UL, beforeCounts.OpenIngestStreams);
        Assert.Equal(0UL, beforeCounts.Watchers);

        // 40 events within the last 10 s: between 4/s (spread over the whole window) and 40/s (all in one second).
        Assert.Equal(40UL, silo.Counts.EventsAccepted);
        Assert.InRange(silo.Counts.IngestEventsPerSecond, 4.0, 40.0);
        Assert.Equal(1UL, silo.Counts.OpenIngestStreams);
        Assert.Equal(1UL, silo.Counts.Watchers);
        Assert.Contains(silo.Counts.ActiveGrains, g => g.GrainType == "CheckpointGrain" && g.Activations >= 1);
        Assert.Contains(silo.Counts.ActiveGrains, g => g.GrainType == "NationalGrain" && g.Activations == 1);
        Assert.Equal(silo.Counts, after.Totals);

        // One batch at one checkpoint: its region received exactly one change from it; the nation at least the one
        // forward of that change (by the region's timer or by the flush above; a region's start-up forward may add one).
        var rollupsBefore = Updates(beforeCounts);
        var rollupsAfter = Updates(silo.Counts);
        Assert.Equal(1, rollupsAfter.GetValueOrDefault("RegionGrain") - rollupsBefore.GetValueOrDefault("RegionGrain"));
        Assert.True(rollupsAfter.GetValueOrDefault("NationalGrain") > rollupsBefore.GetValueOrDefault("NationalGrain"), "the nation received no change");
        Assert.Equal(["NationalGrain", "RegionGrain"], silo.Counts.RollupUpdates.Select(r => r.GrainType));
    }

    private static Dictionary<string, long> Updates(SiloCounts counts) =>
        counts.RollupUpdates.ToDictionary(r => r.GrainType, r => (long)r.Updates, StringComparer.Ordinal);

    private static Task<GetClusterStatusResponse> StatusAsync(StatusService.StatusServiceClient client) =>
        client.GetClusterStatusAsync(
            new GetClusterStatusRequest(),
            new CallOptions(deadline: DateTime.UtcNow + GridServer.Patience)).ResponseAsync.WaitAsync(GridServer.Patience);
}

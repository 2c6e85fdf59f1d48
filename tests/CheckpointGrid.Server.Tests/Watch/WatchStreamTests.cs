using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Testing.Grpc;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing.Time;

namespace CheckpointGrid.Server.Tests.Watch;

/// <summary>WatchService.Watch: a snapshot, then updates of what changed, coalesced; heartbeats; a stalled client resynchronised.</summary>
public sealed class WatchStreamTests
{
    private static readonly Scope National = new() { National = new() };

    [Fact]
    public async Task First_message_is_a_snapshot_of_the_current_values_then_updates_carry_new_values_with_higher_versions()
    {
        await using var server = await GridServer.StartAsync();
        var first = Crossings.One("PA-DAR-SVC", Movement.ShelterCheckIn, headcount: 4);
        await server.RecordAsync(first);
        var scope = new Scope { CheckpointId = "PA-DAR-SVC" };
        await using var watcher = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = scope }, keepMessages: true);

        var snapshotView = await watcher.WaitUntilAsync(view => view.Count == 1, GridServer.Patience);
        ScopeAssert.Matches([first], 544, snapshotView[Watcher.KeyOf(scope)], "snapshot");
        var second = Crossings.One("PA-DAR-SVC", Movement.Arrival, headcount: 3);
        await server.RecordAsync(second);
        var updated = await watcher.WaitUntilAsync(view => view[Watcher.KeyOf(scope)].Totals.Arrival.People == 3, GridServer.Patience);

        ScopeAssert.Matches([first, second], 544, updated[Watcher.KeyOf(scope)], "after update");
        var messages = watcher.Messages;
        Assert.Equal(WatchResponse.PayloadOneofCase.Snapshot, messages[0].PayloadCase);
        Assert.All(messages.Skip(1), m => Assert.Equal(WatchResponse.PayloadOneofCase.Update, m.PayloadCase));
        Assert.True(messages[^1].Update.Changed[0].Version > messages[0].Snapshot.Scopes[0].Version);
        Assert.Equal(0, watcher.VersionRegressions);
    }

    [Fact]
    public async Task All_checkpoints_snapshot_lists_the_catalog_by_id_and_updates_carry_only_the_checkpoints_that_changed()
    {
        await using var server = await GridServer.StartAsync();
        var catalog = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints;
        await using var watcher = await Watcher.StartAsync(server.Channel, new WatchRequest { AllCheckpoints = new() }, keepMessages: true);
        await watcher.WaitUntilAsync(view => view.Count == catalog.Count, GridServer.Patience);

        var crossings = new[] { Crossings.One("PA-COL-MRM", Movement.Departure, headcount: 6), Crossings.One("PA-GNA-POB", headcount: 2) };
        foreach (var crossing in crossings)
        {
            await server.RecordAsync(crossing);
        }
        var expected = new ExpectedScopes(catalog, crossings);
        var scopes = catalog.Select(c => new Scope { CheckpointId = c.Id }).ToList();
        await watcher.WaitUntilAsync(view => expected.Reached(view, scopes), GridServer.Patience);

        var messages = watcher.Messages;
        Assert.Equal(catalog.Select(c => c.Id), messages[0].Snapshot.Scopes.Select(s => s.Scope.CheckpointId));
        var updated = messages.Skip(1).SelectMany(m => m.Update.Changed).Select(s => s.Scope.CheckpointId).ToHashSet();
        Assert.Subset(new HashSet<string> { "PA-COL-MRM", "PA-GNA-POB" }, updated);
    }

    [Fact]
    public async Task Region_and_national_watchers_see_checkpoint_events_rolled_up()
    {
        await using var server = await GridServer.StartAsync();
        var catalog = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints;
        var darién = new Scope { Region = "Darién" };
        await using var regional = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = darién, MinIntervalMs = 50 });
        await using var national = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = National });
        var crossings = Crossings.RandomStream(seed: 5, count: 200, ["PA-DAR-SVC", "PA-DAR-MTT", "PA-COL-MRM"], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30));

        await Parallel.ForEachAsync(crossings, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) => await server.RecordAsync(c));

        var expected = new ExpectedScopes(catalog, crossings);
        var regionView = await regional.WaitUntilAsync(view => expected.Reached(view, [darién]), GridServer.Patience);
        var nationalView = await national.WaitUntilAsync(view => expected.Reached(view, [National]), GridServer.Patience);
        var inDarién = catalog.Where(c => c.Region == "Darién").Select(c => c.Id).ToHashSet();
        ScopeAssert.Matches(crossings.Where(c => inDarién.Contains(c.CheckpointId)).ToList(), 544, regionView[Watcher.KeyOf(darién)], "Darién");
        ScopeAssert.Matches(crossings, 544 + 578, nationalView[Watcher.KeyOf(National)], "national");
        Assert.Equal(0, regional.VersionRegressions + national.VersionRegressions);
    }

    [Fact]
    public async Task Updates_are_coalesced_to_at_most_one_per_min_interval()
    {
        await using var server = await GridServer.StartAsync();
        var catalog = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints;
        var started = TimeProvider.System.GetTimestamp();
        await using var watcher = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = National, MinIntervalMs = 500 });
        var crossings = Crossings.RandomStream(seed: 6, count: 300, catalog.Select(c => c.Id).ToList(), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30));

        foreach (var crossing in crossings)
        {
            await server.RecordAsync(crossing);
        }
        var expected = new ExpectedScopes(catalog, crossings);
        await watcher.WaitUntilAsync(view => expected.Reached(view, [National]), GridServer.Patience);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        // 300 changes; the server may send one update per 500 ms of the stream's life, plus the one due at its start.
        var allowed = (int)(elapsed / TimeSpan.FromMilliseconds(500)) + 1;
        Assert.InRange(watcher.Updates, 1, allowed);
    }

    [Fact]
    public async Task Quiet_stream_gets_heartbeats()
    {
        await using var server = await GridServer.StartAsync("--Watch:HeartbeatInterval", "00:00:00.2");
        await using var watcher = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = National }, keepMessages: true);

        await watcher.WaitUntilAsync(_ => watcher.Heartbeats >= 2, GridServer.Patience);

        var heartbeat = watcher.Messages.First(m => m.PayloadCase == WatchResponse.PayloadOneofCase.Heartbeat).Heartbeat;
        Assert.InRange(heartbeat.ServerTime.ToDateTimeOffset(), DateTimeOffset.UtcNow - GridServer.Patience, DateTimeOffset.UtcNow);
        Assert.Equal(0, watcher.Updates);
    }

    [Fact]
    public async Task Stalled_watcher_never_holds_back_others_and_catches_up_with_a_fresh_snapshot()
    {
        await using var server = await GridServer.StartAsync("--Watch:ResyncAfter", "00:00:00.3", "--Watch:HeartbeatInterval", "00:00:00.5");
        var catalog = (await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints;
        // The stalled client has a connection of its own, as a real one would.
        using var stalledChannel = TestChannel.For(server.Address);
        await using var stalled = await Watcher.StartAsync(stalledChannel, new WatchRequest { AllCheckpoints = new(), MinIntervalMs = 50 }, read: false);
        await using var live = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = National, MinIntervalMs = 50 });
        var crossings = Crossings.RandomStream(seed: 7, count: 3000, catalog.Select(c => c.Id).ToList(), DateTimeOffset.UtcNow, TimeSpan.FromHours(3));

        await Parallel.ForEachAsync(crossings, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) => await server.RecordAsync(c));

        var expected = new ExpectedScopes(catalog, crossings);
        await live.WaitUntilAsync(view => expected.Reached(view, [National]), GridServer.Patience);
        // The stalled stream's buffers filled long ago (each update of every checkpoint is tens of KB); a heartbeat on
        // the live stream means it has now been stuck for longer than ResyncAfter.
        await live.WaitUntilAsync(_ => live.Heartbeats > 0, GridServer.Patience);
        stalled.StartReading();
        var scopes = catalog.Select(c => new Scope { CheckpointId = c.Id }).ToList();
        var caughtUp = await stalled.WaitUntilAsync(view => stalled.Snapshots >= 2 && expected.Reached(view, scopes), GridServer.Patience);

        foreach (var checkpoint in catalog)
        {
            ScopeAssert.Matches(
                crossings.Where(c => c.CheckpointId == checkpoint.Id).ToList(),
                checkpoint.HasShelterCapacity ? checkpoint.ShelterCapacity : null,
                caughtUp[Watcher.KeyOf(new Scope { CheckpointId = checkpoint.Id })],
                checkpoint.Id);
        }
    }

    [Fact]
    public async Task New_hour_brings_an_update_with_the_fresh_current_hour_and_a_higher_version()
    {
        var time = new ManualTimeProvider();
        time.Advance(new TimeSpan(0, 59, 30));
        // No heartbeat within the test's hour: a message sent during an advance would leave the next one due
        // 50 ms of manual time later, which never comes.
        await using var server = await GridServer.StartAsync(time, "--Watch:HeartbeatInterval", "02:00:00");
        await using var watcher = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = National, MinIntervalMs = 50 });
        await watcher.WaitUntilAsync(view => view.Count == 1, GridServer.Patience);
        var crossing = Crossings.One("PA-DAR-SVC", headcount: 3, occurredAt: time.GetUtcNow().AddSeconds(-10));
        await server.RecordAsync(crossing);

        time.Advance(TimeSpan.FromMilliseconds(100));
        var beforeHour = (await watcher.WaitUntilAsync(view => view.Values.Single().CurrentHour.Counts.Arrival.People == 3, GridServer.Patience)).Values.Single();
        time.Advance(TimeSpan.FromMinutes(1));
        var afterHour = (await watcher.WaitUntilAsync(view => view.Values.Single().CurrentHour.StartTime.ToDateTimeOffset().Hour == 1, GridServer.Patience)).Values.Single();

        Assert.Equal(0u, afterHour.CurrentHour.Counts?.Arrival?.People ?? 0);
        Assert.Equal(3u, afterHour.CurrentDay.Counts.Arrival.People);
        Assert.Equal(3u, afterHour.Totals.Arrival.People);
        Assert.True(afterHour.Version > beforeHour.Version, $"version {afterHour.Version} after the hour, {beforeHour.Version} before");
    }

    [Fact]
    public async Task Catalog_changes_reach_watchers_a_new_capacity_and_a_new_checkpoint()
    {
        await using var server = await GridServer.StartAsync();
        await using var sanVicente = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = new Scope { CheckpointId = "PA-DAR-SVC" } });
        await using var national = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = National });
        await using var all = await Watcher.StartAsync(server.Channel, new WatchRequest { AllCheckpoints = new() });
        await all.WaitUntilAsync(view => view.Count == 15, GridServer.Patience);

        var update = new UpdateCheckpointRequest { Checkpoint = new Contracts.V1.Checkpoint { Id = "PA-DAR-SVC", ShelterCapacity = 600 }, UpdateMask = new() };
        update.UpdateMask.Paths.Add("shelter_capacity");
        await server.CallAsync(Rpcs.UpdateCheckpoint, update);
        var santiago = new Contracts.V1.Checkpoint
        {
            Id = "PA-VER-STG",
            Name = "Santiago bus terminal",
            Kind = CheckpointKind.TransitHub,
            Region = "Veraguas",
            ShelterCapacity = 40,
        };
        await server.CallAsync(Rpcs.AddCheckpoint, new AddCheckpointRequest { Checkpoint = santiago });

        await sanVicente.WaitUntilAsync(view => view.Values.Single().Shelter.Capacity == 600, GridServer.Patience);
        await national.WaitUntilAsync(view => view.Values.Single().Shelter.Capacity == 600 + 578 + 40, GridServer.Patience);
        var allView = await all.WaitUntilAsync(view => view.Count == 16, GridServer.Patience);
        Assert.Equal(40u, allView[Watcher.KeyOf(new Scope { CheckpointId = "PA-VER-STG" })].Shelter.Capacity);
        Assert.Equal(600u, allView[Watcher.KeyOf(new Scope { CheckpointId = "PA-DAR-SVC" })].Shelter.Capacity);
    }

    [Theory]
    [InlineData("{ }", StatusCode.InvalidArgument, "target: required")]
    [InlineData("{ \"scope\": { } }", StatusCode.InvalidArgument, "scope: required")]
    [InlineData("{ \"scope\": { \"checkpointId\": \"PA-NOWHERE\" } }", StatusCode.NotFound, "scope.checkpoint_id: no checkpoint 'PA-NOWHERE'")]
    [InlineData("{ \"scope\": { \"checkpointId\": \"pa lower\" } }", StatusCode.InvalidArgument, "scope.checkpoint_id: 'pa lower' is not a checkpoint id")]
    [InlineData("{ \"scope\": { \"region\": \"Atlantis\" } }", StatusCode.InvalidArgument, "scope.region: 'Atlantis' is not a region of Panama")]
    [InlineData("{ \"scope\": { \"region\": \"Herrera\" } }", StatusCode.NotFound, "scope.region: no checkpoint in the catalog is in 'Herrera'")]
    public async Task Bad_request_ends_the_stream_with_a_status_naming_the_field(string requestJson, StatusCode code, string message)
    {
        await using var server = await GridServer.StartAsync();
        var request = Google.Protobuf.JsonParser.Default.Parse<WatchRequest>(requestJson);
        using var call = server.Channel.ServerStreaming(Watcher.Watch, request);

        var failure = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        Assert.Equal(code, failure.StatusCode);
        Assert.Contains(message, failure.Status.Detail, StringComparison.Ordinal);
    }
}

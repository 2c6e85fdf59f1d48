using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Storage.Tests.Fixtures;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>
/// What every <see cref="ICrossingStore"/> must do, written once: each store's test class derives from
/// this and says how to open (and reopen) it.
/// </summary>
public abstract class CrossingStoreContract : IAsyncLifetime
{
    protected ICrossingStore Store { get; private set; } = null!;

    /// <summary>Opens the store under test, empty.</summary>
    protected abstract ICrossingStore Open();

    /// <summary>Closes <paramref name="store"/> and opens it again on the same data (a restart).</summary>
    protected abstract Task<ICrossingStore> ReopenAsync(ICrossingStore store);

    /// <summary>Closes the store and removes its data.</summary>
    protected abstract Task CloseAsync(ICrossingStore store);

    public Task InitializeAsync()
    {
        Store = Open();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => CloseAsync(Store);

    [Fact]
    public async Task Events_round_trip_with_every_field()
    {
        var streamed = Event("e-1", Laptop1, sequence: 1, Movement.ShelterCheckIn, headcount: 3, nationality: "HTI");
        streamed.CheckpointId = SanVicente.Value;
        var terminalLeftEmpty = Event("e-2", terminal: null, sequence: 2, Movement.Departure);
        var recorded = Event("e-3", Laptop2, sequence: 0, Movement.RepatriationBoarding, headcount: 1000);
        recorded.Direction = Direction.Southbound;
        recorded.AgeGroup = AgeGroup.Unknown;
        recorded.Sex = Sex.Unknown;
        var recordedAt = new DateTimeOffset(2026, 3, 14, 10, 0, 0, TimeSpan.FromHours(-5)).AddTicks(1);

        await Store.CommitAsync(Stream(SanVicente, Laptop1, 2, streamed, terminalLeftEmpty), default).WithTimeout();
        await Store.CommitAsync(Recorded(SanVicente, recorded) with { RecordedAt = recordedAt }, default).WithTimeout();
        var log = await Store.LoadAsync(SanVicente, default).WithTimeout();

        var expected = new[] { streamed.Clone(), terminalLeftEmpty.Clone(), recorded.Clone() };
        foreach (var crossing in expected)
        {
            crossing.CheckpointId = SanVicente.Value;
        }
        expected[1].TerminalId = Laptop1.Value;
        Assert.Equal(expected, log.Crossings.Select(static c => c.Event).ToArray());
        Assert.Equal(new[] { RecordedAt, RecordedAt, recordedAt }, log.Crossings.Select(static c => c.RecordedAt));
        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 2 }, log.DurableSequences);
    }

    [Fact]
    public async Task Duplicate_event_id_in_one_batch_is_stored_once_and_reported_false()
    {
        var first = Event("dup", Laptop1, 1, headcount: 2);
        var second = Event("dup", Laptop1, 2, headcount: 7);

        var isNew = await Store.CommitAsync(Stream(SanVicente, Laptop1, 2, first, second), default).WithTimeout();

        StoreAssert.Flags(isNew, true, false);
        var log = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2u, Assert.Single(log.Crossings).Event.Headcount);
    }

    [Fact]
    public async Task Duplicate_event_id_in_a_later_batch_is_stored_once_and_reported_false()
    {
        await Store.CommitAsync(Stream(SanVicente, Laptop1, 2, Event("a", Laptop1, 1), Event("b", Laptop1, 2)), default).WithTimeout();

        var isNew = await Store.CommitAsync(Stream(SanVicente, Laptop1, 3, Event("b", Laptop1, 2), Event("c", Laptop1, 3)), default).WithTimeout();

        StoreAssert.Flags(isNew, false, true);
        Assert.Equal(["a", "b", "c"], Ids(await Store.LoadAsync(SanVicente, default).WithTimeout()));
    }

    [Fact]
    public async Task Duplicate_event_id_from_another_terminal_is_stored_once_and_reported_false()
    {
        await Store.CommitAsync(Stream(SanVicente, Laptop1, 1, Event("shared", Laptop1, 1)), default).WithTimeout();

        var fromOther = await Store.CommitAsync(Stream(SanVicente, Laptop2, 1, Event("shared", Laptop2, 1)), default).WithTimeout();
        var recorded = await Store.CommitAsync(Recorded(SanVicente, Event("shared", Laptop2)), default).WithTimeout();

        StoreAssert.Flags(fromOther, false);
        StoreAssert.Flags(recorded, false);
        var log = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(Laptop1.Value, Assert.Single(log.Crossings).Event.TerminalId);
    }

    [Fact]
    public async Task Same_event_id_at_another_checkpoint_is_a_separate_event()
    {
        var atSanVicente = await Store.CommitAsync(Stream(SanVicente, Laptop1, 1, Event("same", Laptop1, 1)), default).WithTimeout();
        var atLajasBlancas = await Store.CommitAsync(Stream(LajasBlancas, Laptop1, 1, Event("same", Laptop1, 1)), default).WithTimeout();

        StoreAssert.Flags(atSanVicente, true);
        StoreAssert.Flags(atLajasBlancas, true);
        Assert.Equal(["same"], Ids(await Store.LoadAsync(SanVicente, default).WithTimeout()));
        var log = await Store.LoadAsync(LajasBlancas, default).WithTimeout();
        Assert.Equal(LajasBlancas.Value, Assert.Single(log.Crossings).Event.CheckpointId);
    }

    [Fact]
    public async Task Durable_sequence_is_recorded_per_terminal_and_checkpoint()
    {
        await Store.CommitAsync(Stream(SanVicente, Laptop1, 4, Event("a", Laptop1, 4)), default).WithTimeout();
        await Store.CommitAsync(Stream(SanVicente, Laptop2, 9, Event("b", Laptop2, 9)), default).WithTimeout();
        await Store.CommitAsync(Stream(LajasBlancas, Laptop1, 1, Event("c", Laptop1, 1)), default).WithTimeout();

        var sanVicente = await Store.LoadAsync(SanVicente, default).WithTimeout();
        var lajasBlancas = await Store.LoadAsync(LajasBlancas, default).WithTimeout();

        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 4, [Laptop2] = 9 }, sanVicente.DurableSequences);
        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 1 }, lajasBlancas.DurableSequences);
    }

    [Fact]
    public async Task Durable_sequence_is_never_lowered()
    {
        await Store.CommitAsync(Stream(SanVicente, Laptop1, 10, Event("a", Laptop1, 10)), default).WithTimeout();

        await Store.CommitAsync(Stream(SanVicente, Laptop1, 5, Event("a", Laptop1, 5)), default).WithTimeout();

        var log = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(10ul, log.DurableSequences[Laptop1]);
    }

    [Fact]
    public async Task Terminal_batch_with_no_new_events_still_records_its_durable_sequence()
    {
        // Every event of the batch was rejected by validation: the sequence still moves past them.
        var isNew = await Store.CommitAsync(Stream(SanVicente, Laptop1, 3), default).WithTimeout();

        Assert.Empty(isNew);
        var log = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Empty(log.Crossings);
        Assert.Equal(3ul, log.DurableSequences[Laptop1]);
    }

    [Fact]
    public async Task RecordCrossing_batch_leaves_durable_sequences_alone()
    {
        await Store.CommitAsync(Stream(SanVicente, Laptop1, 2, Event("a", Laptop1, 2)), default).WithTimeout();

        var isNew = await Store.CommitAsync(Recorded(SanVicente, Event("r1", Laptop1), Event("r2", Laptop2)), default).WithTimeout();

        StoreAssert.Flags(isNew, true, true);
        var log = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 2 }, log.DurableSequences);
        Assert.Equal(["a", "r1", "r2"], Ids(log));
    }

    [Fact]
    public async Task Load_returns_events_in_commit_order()
    {
        string[] order = ["zulu", "alpha", "mike", "bravo", "yankee", "charlie"];
        for (var i = 0; i < order.Length; i += 2)
        {
            var through = (ulong)i + 2;
            await Store.CommitAsync(Stream(SanVicente, Laptop1, through, Event(order[i], Laptop1, through - 1), Event(order[i + 1], Laptop1, through)), default).WithTimeout();
        }

        Assert.Equal(order, Ids(await Store.LoadAsync(SanVicente, default).WithTimeout()));
    }

    [Fact]
    public async Task Unknown_checkpoint_loads_empty()
    {
        var log = await Store.LoadAsync(CheckpointId.Parse("PA-NOWHERE"), default).WithTimeout();

        Assert.Empty(log.Crossings);
        Assert.Empty(log.DurableSequences);
    }

    [Fact]
    public async Task Stored_event_does_not_change_when_the_caller_changes_its_object()
    {
        var crossing = Event("mutable", Laptop1, 1, headcount: 4);
        await Store.CommitAsync(Stream(SanVicente, Laptop1, 1, crossing), default).WithTimeout();

        crossing.Headcount = 99;
        var loaded = await Store.LoadAsync(SanVicente, default).WithTimeout();
        loaded.Crossings[0].Event.Headcount = 77;

        var reloaded = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(4u, reloaded.Crossings[0].Event.Headcount);
    }

    [Fact]
    public async Task Commit_cancelled_before_it_starts_stores_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitAsync(Stream(SanVicente, Laptop1, 1, Event("a", Laptop1, 1)), cancelled.Token));

        var log = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Empty(log.Crossings);
        Assert.Empty(log.DurableSequences);
    }

    public static TheoryData<string> MalformedBatches => [.. MalformedBatch.All.Keys];

    [Theory]
    [MemberData(nameof(MalformedBatches))]
    public async Task Malformed_batch_is_refused_before_anything_is_stored(string name)
    {
        var batch = MalformedBatch.All[name]();

        Assert.Throws<ArgumentException>(() => { _ = Store.CommitAsync(batch, default); });

        var log = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Empty(log.Crossings);
        Assert.Empty(log.DurableSequences);
    }

    [Fact]
    public async Task Concurrent_commits_from_many_checkpoints_all_land_with_correct_flags()
    {
        const int Committers = 16;
        const int BatchesEach = 20;
        const int EventsPerBatch = 25;
        var checkpoints = new CheckpointId[8];
        for (var c = 0; c < checkpoints.Length; c++)
        {
            checkpoints[c] = CheckpointId.Parse($"PA-LOAD-{c}");
        }

        // Each committer is one terminal at one checkpoint (two per checkpoint). Each sends its own events,
        // resends every batch once (all duplicates), and races its checkpoint's other terminal for a few
        // shared ids, of which exactly one send may win.
        async Task<(int Won, int Lost)> Commit(int committer)
        {
            var checkpoint = checkpoints[committer % checkpoints.Length];
            var terminal = TerminalId.Parse($"load-{committer}");
            var won = 0;
            var lost = 0;
            for (var b = 0; b < BatchesEach; b++)
            {
                var events = new CrossingEvent[EventsPerBatch + 1];
                for (var e = 0; e < EventsPerBatch; e++)
                {
                    var sequence = (ulong)((b * (EventsPerBatch + 1)) + e + 1);
                    events[e] = Event($"t{committer}-b{b}-e{e}", terminal, sequence);
                }
                var through = (ulong)((b + 1) * (EventsPerBatch + 1));
                events[EventsPerBatch] = Event($"shared-{committer % checkpoints.Length}-b{b}", terminal, through);
                var batch = Stream(checkpoint, terminal, through, events);

                var first = await Store.CommitAsync(batch, default);
                var resent = await Store.CommitAsync(batch, default);

                for (var e = 0; e < EventsPerBatch; e++)
                {
                    Assert.True(first[e], $"{events[e].EventId} should be new the first time");
                    Assert.False(resent[e], $"{events[e].EventId} should be a duplicate when resent");
                }
                Assert.False(resent[EventsPerBatch]);
                if (first[EventsPerBatch])
                {
                    won++;
                }
                else
                {
                    lost++;
                }
            }
            return (won, lost);
        }

        var committers = new Task<(int Won, int Lost)>[Committers];
        for (var i = 0; i < Committers; i++)
        {
            var committer = i;
            committers[i] = Task.Run(() => Commit(committer));
        }
        var outcomes = await Task.WhenAll(committers).WithTimeout();

        // Every shared id was raced by exactly two terminals: one won it.
        Assert.Equal(checkpoints.Length * BatchesEach, outcomes.Sum(static o => o.Won));
        Assert.Equal(checkpoints.Length * BatchesEach, outcomes.Sum(static o => o.Lost));
        foreach (var checkpoint in checkpoints)
        {
            var log = await Store.LoadAsync(checkpoint, default).WithTimeout();
            var ids = Ids(log);
            Assert.Equal(ids.Length, ids.Distinct().Count());
            Assert.Equal((2 * BatchesEach * EventsPerBatch) + BatchesEach, ids.Length);
            Assert.Equal(2, log.DurableSequences.Count);
            Assert.All(log.DurableSequences.Values, static s => Assert.Equal((ulong)(BatchesEach * (EventsPerBatch + 1)), s));
        }
    }

    [Fact]
    public async Task Committed_events_and_sequences_are_there_after_reopening()
    {
        await Store.CommitAsync(Stream(SanVicente, Laptop1, 2, Event("a", Laptop1, 1), Event("b", Laptop1, 2)), default).WithTimeout();
        await Store.CommitAsync(Recorded(SanVicente, Event("c", Laptop2)), default).WithTimeout();
        var before = await Store.LoadAsync(SanVicente, default).WithTimeout();

        Store = await ReopenAsync(Store);

        var after = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(before.Crossings, after.Crossings);
        Assert.Equal(before.DurableSequences, after.DurableSequences);
        StoreAssert.Flags(await Store.CommitAsync(Stream(SanVicente, Laptop1, 3, Event("b", Laptop1, 2), Event("d", Laptop1, 3)), default).WithTimeout(), false, true);
    }
}

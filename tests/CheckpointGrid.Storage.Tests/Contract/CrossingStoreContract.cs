using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage.Tests.Fixtures;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>
/// What every <see cref="ICrossingStore"/> must do, written once: each store's test class derives from this and says
/// how to open (and reopen) it. Events are never read back (nothing does): a store shows it holds an event id by
/// refusing it again.
/// </summary>
public abstract class CrossingStoreContract : IAsyncLifetime
{
    private readonly CheckpointWriter _sanVicente = new(SanVicente);

    protected ICrossingStore Store { get; private set; } = null!;

    /// <summary>Opens the store under test, empty (a store may need a round trip to its server to open).</summary>
    protected abstract Task<ICrossingStore> OpenAsync();

    /// <summary>Closes <paramref name="store"/> and opens it again on the same data (a restart).</summary>
    protected abstract Task<ICrossingStore> ReopenAsync(ICrossingStore store);

    /// <summary>Closes the store and removes its data.</summary>
    protected abstract Task CloseAsync(ICrossingStore store);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public Task DisposeAsync() => CloseAsync(Store);

    [Fact]
    public async Task Never_committed_checkpoint_loads_version_0_and_nothing_else()
    {
        var state = await Store.LoadAsync(CheckpointId.Parse("PA-NOWHERE"), default).WithTimeout();

        Assert.Equal(0UL, state.Version);
        Assert.Equal(0, state.ShelterOccupants);
        Assert.Null(state.LastRecordedAt);
        Assert.Empty(state.Rows);
        Assert.Empty(state.DurableSequences);
    }

    [Fact]
    public async Task Committed_batches_store_counts_that_restore_exactly_with_the_version_and_sequences()
    {
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 2,
            Event("a", Laptop1, 1, Movement.ShelterCheckIn, headcount: 3, nationality: "HTI"),
            Event("b", Laptop1, 2, Movement.Departure, occurredAt: RecordedAt.AddHours(-3))));
        StoreAssert.Committed(await _sanVicente.RecordAsync(Store,
            Event("c", Laptop2, 0, Movement.ShelterCheckOut, headcount: 1, occurredAt: RecordedAt.AddDays(-20)),
            Event("d", Laptop2, 0, Movement.RepatriationBoarding, headcount: 1000, nationality: "CUB")));
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop2, 7, Event("e", Laptop2, 7, occurredAt: RecordedAt.AddDays(-1000))));

        var state = await Store.LoadAsync(SanVicente, default).WithTimeout();

        Assert.Equal(3UL, state.Version);
        StoreAssert.Holds(_sanVicente.Counter, state);
        Assert.Equal(2, state.ShelterOccupants);
        Assert.Equal(RecordedAt, state.LastRecordedAt);
        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 2, [Laptop2] = 7 }, state.DurableSequences);
        var restored = ScopeCounter.Restore(state.ShelterOccupants, state.LastRecordedAt, state.Rows);
        Assert.Equal(StoreAssert.Sorted(_sanVicente.Counter.Rows()), StoreAssert.Sorted(restored.Rows()));
    }

    [Fact]
    public async Task Rows_a_counter_no_longer_keeps_are_gone_after_the_commit_that_left_them_behind()
    {
        var start = RecordedAt.AddDays(-500);
        StoreAssert.Committed(await _sanVicente.RecordAsync(Store, Event("old", occurredAt: start)));
        StoreAssert.Committed(await _sanVicente.RecordAsync(Store, Event("hours-later", occurredAt: start.AddHours(ScopeCounter.HourlyRowsKept))));
        var hoursLater = await Store.LoadAsync(SanVicente, default).WithTimeout();
        StoreAssert.Committed(await _sanVicente.RecordAsync(Store,
            Event("days-later", occurredAt: start.AddDays(ScopeCounter.DailyRowsKept).AddHours(ScopeCounter.HourlyRowsKept))));

        var daysLater = await Store.LoadAsync(SanVicente, default).WithTimeout();

        // Totals, one hour (the first is too old), two days; then totals, one hour, one day. Months are never stale:
        // October and November 2024, then December 2025 too.
        Assert.Equal(4, hoursLater.Rows.Count(r => r.Kind != BucketKind.Month));
        Assert.Equal(3, daysLater.Rows.Count(r => r.Kind != BucketKind.Month));
        Assert.Equal(2, hoursLater.Rows.Count(r => r.Kind == BucketKind.Month));
        Assert.Equal(3, daysLater.Rows.Count(r => r.Kind == BucketKind.Month));
        StoreAssert.Holds(_sanVicente.Counter, daysLater);
    }

    [Fact]
    public async Task Month_rows_are_stored_per_direction_and_sex_and_restore_the_monthly_report_however_old()
    {
        var march = new DateTimeOffset(2021, 3, 10, 12, 0, 0, TimeSpan.Zero);
        var boy = Event("boy", headcount: 2, nationality: "HTI", occurredAt: march);
        boy.Sex = Sex.Male;
        var man = Event("man", headcount: 3, nationality: "HTI", occurredAt: march);
        (man.Sex, man.AgeGroup) = (Sex.Male, AgeGroup.Ages18To59);
        var southbound = Event("south", movement: Movement.Departure, headcount: 7, occurredAt: march);
        southbound.Direction = Direction.Southbound;
        StoreAssert.Committed(await _sanVicente.RecordAsync(Store, Event("girls", headcount: 4, occurredAt: march), boy));
        StoreAssert.Committed(await _sanVicente.RecordAsync(Store, man, southbound));
        // A year's worth of days later, the days of March 2021 are stale and go; the month stays.
        StoreAssert.Committed(await _sanVicente.RecordAsync(Store, Event("now")));

        Store = await ReopenAsync(Store);
        var state = await Store.LoadAsync(SanVicente, default).WithTimeout();

        var months = state.Rows.Where(r => r.Kind == BucketKind.Month).Select(r => r.Bucket).Order().ToArray();
        var march2021 = MonthSlices.MonthOf(2021, 3);
        Assert.Equal(
            [
                MonthSlices.Bucket(march2021, Direction.Northbound, Sex.Female),
                MonthSlices.Bucket(march2021, Direction.Northbound, Sex.Male),
                MonthSlices.Bucket(march2021, Direction.Southbound, Sex.Female),
                MonthSlices.Bucket(MonthSlices.MonthOf(2026, 3), Direction.Northbound, Sex.Female),
            ],
            months);
        Assert.DoesNotContain(state.Rows, r => r.Kind == BucketKind.Day && r.Bucket <= march.UtcTicks / TimeSpan.TicksPerDay);
        StoreAssert.Holds(_sanVicente.Counter, state);
        var restored = ScopeCounter.Restore(state.ShelterOccupants, state.LastRecordedAt, state.Rows);
        var scope = new Scope { CheckpointId = SanVicente.Value };
        var report = restored.MonthlyReport(scope, 2021, 3, Direction.Northbound, RecordedAt);
        Assert.Equal((9UL, 3UL, 0UL, 2UL, 4UL), (report.Total, report.Men, report.Women, report.Boys, report.Girls));
        Assert.Equal(5UL, report.ByNationality["HTI"]);
        Assert.Equal(7UL, restored.MonthlyReport(scope, 2021, 3, Direction.Southbound, RecordedAt).Total);
    }

    [Fact]
    public async Task Batch_expecting_another_version_is_refused_and_writes_nothing()
    {
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 1, Event("a", Laptop1, 1)));
        var before = await Store.LoadAsync(SanVicente, default).WithTimeout();
        var next = _sanVicente.Stream(Laptop1, 3, Event("b", Laptop1, 2, headcount: 5), Event("c", Laptop1, 3));

        StoreAssert.Conflict(await Store.CommitAsync(next with { ExpectedVersion = 0 }, default).WithTimeout());
        StoreAssert.Conflict(await Store.CommitAsync(next with { ExpectedVersion = 2 }, default).WithTimeout());
        StoreAssert.Conflict(await Store.CommitAsync(next with { Checkpoint = LajasBlancas }, default).WithTimeout());

        var after = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(1UL, after.Version);
        Assert.Equal(StoreAssert.Sorted(before.Rows), StoreAssert.Sorted(after.Rows));
        Assert.Equal(before.DurableSequences, after.DurableSequences);
        Assert.Equal(0UL, (await Store.LoadAsync(LajasBlancas, default).WithTimeout()).Version);
        // Its events were not stored: the same batch, at the right version, commits them.
        StoreAssert.Committed(await Store.CommitAsync(next, default).WithTimeout());
        StoreAssert.Holds(_sanVicente.Counter, await Store.LoadAsync(SanVicente, default).WithTimeout());
    }

    [Fact]
    public async Task Batch_with_event_ids_stored_before_is_refused_with_their_indexes_and_writes_nothing()
    {
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 2, Event("a", Laptop1, 1), Event("b", Laptop1, 2)));
        var before = await Store.LoadAsync(SanVicente, default).WithTimeout();

        var refused = await _sanVicente.StreamAsync(Store, Laptop2, 4, Event("c", Laptop2, 1), Event("b", Laptop2, 2), Event("d", Laptop2, 3), Event("a", Laptop2, 4));

        StoreAssert.Duplicates(refused, 1, 3);
        var after = await _sanVicente.ReloadAsync(Store);
        Assert.Equal(1UL, after.Version);
        Assert.Equal(StoreAssert.Sorted(before.Rows), StoreAssert.Sorted(after.Rows));
        Assert.Equal(before.DurableSequences, after.DurableSequences);
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop2, 4, Event("c", Laptop2, 1), Event("d", Laptop2, 3)));
        StoreAssert.Holds(_sanVicente.Counter, await Store.LoadAsync(SanVicente, default).WithTimeout());
    }

    [Fact]
    public async Task Batch_repeating_an_event_id_is_refused_for_each_repeat_and_writes_nothing()
    {
        var refused = await _sanVicente.StreamAsync(Store, Laptop1, 4, Event("x", Laptop1, 1), Event("y", Laptop1, 2), Event("x", Laptop1, 3), Event("x", Laptop1, 4));

        StoreAssert.Duplicates(refused, 2, 3);
        var state = await _sanVicente.ReloadAsync(Store);
        Assert.Equal(0UL, state.Version);
        Assert.Empty(state.Rows);
        Assert.Empty(state.DurableSequences);
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 4, Event("x", Laptop1, 1), Event("y", Laptop1, 2)));
    }

    [Fact]
    public async Task Same_event_id_at_another_checkpoint_is_a_separate_event()
    {
        var lajasBlancas = new CheckpointWriter(LajasBlancas);

        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 1, Event("same", Laptop1, 1)));
        StoreAssert.Committed(await lajasBlancas.StreamAsync(Store, Laptop1, 1, Event("same", Laptop1, 1)));

        StoreAssert.Duplicates(await lajasBlancas.RecordAsync(Store, Event("same")), 0);
    }

    [Fact]
    public async Task Batch_without_events_advances_the_version_and_the_durable_sequence()
    {
        // Every event of the terminal's batch was rejected by validation: the sequence still moves past them.
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 3));

        var state = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(1UL, state.Version);
        Assert.Equal(3UL, state.DurableSequences[Laptop1]);
        StoreAssert.Holds(_sanVicente.Counter, state);
    }

    [Fact]
    public async Task Durable_sequence_is_recorded_per_terminal_and_checkpoint_and_never_lowered()
    {
        var lajasBlancas = new CheckpointWriter(LajasBlancas);
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 10, Event("a", Laptop1, 10)));
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop2, 9, Event("b", Laptop2, 9)));
        StoreAssert.Committed(await lajasBlancas.StreamAsync(Store, Laptop1, 1, Event("c", Laptop1, 1)));

        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 5, Event("d", Laptop1, 5)));

        var sanVicente = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 10, [Laptop2] = 9 }, sanVicente.DurableSequences);
        Assert.Equal(3UL, sanVicente.Version);
        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 1 }, (await Store.LoadAsync(LajasBlancas, default).WithTimeout()).DurableSequences);
    }

    [Fact]
    public async Task RecordCrossing_batch_leaves_durable_sequences_alone()
    {
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 2, Event("a", Laptop1, 2)));

        StoreAssert.Committed(await _sanVicente.RecordAsync(Store, Event("r1", Laptop1), Event("r2", Laptop2)));

        var state = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 2 }, state.DurableSequences);
        Assert.Equal(2UL, state.Version);
    }

    [Fact]
    public async Task Stored_counts_do_not_change_when_the_caller_changes_its_tallies_or_the_loaded_ones()
    {
        var batch = _sanVicente.Stream(Laptop1, 1, Event("a", Laptop1, 1, headcount: 4));
        var committed = Store.CommitAsync(batch, default);
        foreach (var row in batch.Counts.Rows)
        {
            row.Tally.Add(Event("later", headcount: 90));
        }
        StoreAssert.Committed(await committed.WithTimeout());

        var loaded = await Store.LoadAsync(SanVicente, default).WithTimeout();
        loaded.Rows[0].Tally.Add(Event("later", headcount: 70));

        var reloaded = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.All(reloaded.Rows, static row => Assert.Equal(4UL, row.Tally.People(Movement.Arrival)));
    }

    [Fact]
    public async Task Commit_cancelled_before_it_starts_stores_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CommitAsync(_sanVicente.Stream(Laptop1, 1, Event("a", Laptop1, 1)), cancelled.Token));

        var state = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(0UL, state.Version);
        Assert.Empty(state.DurableSequences);
    }

    public static TheoryData<string> MalformedBatches => [.. MalformedBatch.All.Keys];

    [Theory]
    [MemberData(nameof(MalformedBatches))]
    public async Task Malformed_batch_is_refused_before_anything_is_stored(string name)
    {
        var batch = MalformedBatch.All[name]();

        Assert.Throws<ArgumentException>(() => { _ = Store.CommitAsync(batch, default); });

        var state = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(0UL, state.Version);
        Assert.Empty(state.DurableSequences);
    }

    [Fact]
    public async Task Concurrent_commits_expecting_the_same_version_commit_exactly_one()
    {
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 1, Event("first", Laptop1, 1)));
        const int Writers = 8;
        // Eight activations of one checkpoint, each having read version 1, each with events of its own.
        var batches = new CrossingBatch[Writers];
        var writers = new CheckpointWriter[Writers];
        for (var w = 0; w < Writers; w++)
        {
            writers[w] = new CheckpointWriter(SanVicente);
            await writers[w].ReloadAsync(Store);
            batches[w] = writers[w].Stream(Laptop1, 2 + (ulong)w, Event($"w{w}", Laptop1, 2 + (ulong)w, headcount: 1 + (uint)w));
        }

        var results = await Task.WhenAll(batches.Select(b => Task.Run(() => Store.CommitAsync(b, default)))).WithTimeout();

        var winner = Assert.Single(Enumerable.Range(0, Writers), w => results[w].Status == CommitStatus.Committed);
        Assert.All(results.Where((_, w) => w != winner), StoreAssert.Conflict);
        var state = await Store.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(2UL, state.Version);
        StoreAssert.Holds(writers[winner].Counter, state);
        Assert.Equal(2 + (ulong)winner, state.DurableSequences[Laptop1]);
    }

    [Fact]
    public async Task Concurrent_commits_from_many_checkpoints_all_land_and_resent_batches_conflict()
    {
        const int BatchesEach = 20;
        const int EventsPerBatch = 25;
        var writers = new CheckpointWriter[8];
        for (var c = 0; c < writers.Length; c++)
        {
            writers[c] = new CheckpointWriter(CheckpointId.Parse($"PA-LOAD-{c}"));
        }

        // Each writer is one checkpoint's grain with one terminal: it commits its batches in turn and resends each
        // once, as after a lost reply; the resend finds the version moved on.
        async Task Commit(CheckpointWriter writer, TerminalId terminal)
        {
            for (var b = 0; b < BatchesEach; b++)
            {
                var events = new CrossingEvent[EventsPerBatch];
                for (var e = 0; e < EventsPerBatch; e++)
                {
                    var sequence = (ulong)((b * EventsPerBatch) + e + 1);
                    events[e] = Event($"{terminal}-b{b}-e{e}", terminal, sequence, occurredAt: RecordedAt.AddHours(-b));
                }
                var batch = writer.Stream(terminal, (ulong)((b + 1) * EventsPerBatch), events);

                StoreAssert.Committed(await Store.CommitAsync(batch, default));
                StoreAssert.Conflict(await Store.CommitAsync(batch, default));
            }
        }

        await Task.WhenAll(writers.Select((w, c) => Task.Run(() => Commit(w, TerminalId.Parse($"load-{c}"))))).WithTimeout();

        for (var c = 0; c < writers.Length; c++)
        {
            var state = await Store.LoadAsync(writers[c].Checkpoint, default).WithTimeout();
            Assert.Equal((ulong)BatchesEach, state.Version);
            StoreAssert.Holds(writers[c].Counter, state);
            Assert.Equal((ulong)(BatchesEach * EventsPerBatch), Assert.Single(state.DurableSequences).Value);
        }
    }

    [Fact]
    public async Task Everything_committed_is_there_after_reopening()
    {
        StoreAssert.Committed(await _sanVicente.StreamAsync(Store, Laptop1, 2, Event("a", Laptop1, 1), Event("b", Laptop1, 2, Movement.ShelterCheckIn, 2)));
        StoreAssert.Committed(await _sanVicente.RecordAsync(Store, Event("c", Laptop2, occurredAt: RecordedAt.AddDays(-2))));

        var counted = _sanVicente.Counter;

        Store = await ReopenAsync(Store);

        var state = await _sanVicente.ReloadAsync(Store);
        Assert.Equal(2UL, state.Version);
        StoreAssert.Holds(counted, state);
        Assert.Equal(2, state.ShelterOccupants);
        Assert.Equal(new Dictionary<TerminalId, ulong> { [Laptop1] = 2 }, state.DurableSequences);
        StoreAssert.Duplicates(await _sanVicente.StreamAsync(Store, Laptop1, 3, Event("b", Laptop1, 2), Event("d", Laptop1, 3)), 0);
    }
}

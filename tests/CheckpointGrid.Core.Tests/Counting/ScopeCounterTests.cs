using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Core.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core.Tests.Counting;

/// <summary>A scope counter keeps totals, shelter occupancy, a version and the last recorded time.</summary>
public class ScopeCounterTests
{
    private static readonly Scope Checkpoint = new() { CheckpointId = "PA-DAR-SVC" };

    [Fact]
    public void Every_change_grows_the_version_by_one()
    {
        var counter = new ScopeCounter();
        Assert.Equal(0UL, counter.Version);

        counter.Apply(Crossings.Make(), Crossings.Now);
        counter.Apply(Crossings.Make(), Crossings.Now);
        counter.SetShelterCapacity(544);
        counter.SetShelterCapacity(544);
        counter.Apply(new Delta());

        Assert.Equal(3UL, counter.Version);
    }

    [Fact]
    public void Occupancy_is_check_ins_minus_check_outs_and_may_go_negative()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(movement: Movement.ShelterCheckIn, headcount: 4), Crossings.Now);
        counter.Apply(Crossings.Make(movement: Movement.ShelterCheckOut, headcount: 6), Crossings.Now);
        counter.Apply(Crossings.Make(movement: Movement.Arrival, headcount: 50), Crossings.Now);

        Assert.Equal(-2, counter.ShelterOccupants);
        var shelter = counter.ToScopeCounts(Checkpoint, Crossings.Now).Shelter;
        Assert.Equal(-2, shelter.Occupants);
        Assert.False(shelter.HasCapacity);
    }

    [Fact]
    public void Scope_counts_carry_the_scope_version_time_totals_shelter_and_current_buckets()
    {
        var counter = new ScopeCounter();
        counter.SetShelterCapacity(578);
        counter.Apply(Crossings.Make(Crossings.Now.AddMinutes(-1), headcount: 2), Crossings.Now);
        counter.Apply(Crossings.Make(Crossings.Now.AddHours(-3), headcount: 5), Crossings.Now);
        counter.Apply(Crossings.Make(Crossings.Now.AddDays(-1), headcount: 7), Crossings.Now);

        var counts = counter.ToScopeCounts(Checkpoint, Crossings.Now);

        Assert.Equal(Checkpoint, counts.Scope);
        Assert.Equal(counter.Version, counts.Version);
        Assert.Equal(Timestamp.FromDateTimeOffset(Crossings.Now), counts.AsOf);
        Assert.Equal(14UL, counts.Totals.Arrival.People);
        Assert.Equal(578u, counts.Shelter.Capacity);
        Assert.Equal(Timestamp.FromDateTimeOffset(Crossings.Utc(2025, 6, 15, 12)), counts.CurrentHour.StartTime);
        Assert.Equal(Timestamp.FromDateTimeOffset(Crossings.Utc(2025, 6, 15, 13)), counts.CurrentHour.EndTime);
        Assert.Equal(2UL, counts.CurrentHour.Counts.Arrival.People);
        Assert.Equal(Timestamp.FromDateTimeOffset(Crossings.Utc(2025, 6, 15, 5)), counts.CurrentDay.StartTime);
        Assert.Equal(Timestamp.FromDateTimeOffset(Crossings.Utc(2025, 6, 16, 5)), counts.CurrentDay.EndTime);
        Assert.Equal(7UL, counts.CurrentDay.Counts.Arrival.People);
    }

    [Fact]
    public void The_last_recorded_time_is_the_latest_server_time_not_the_occurred_at()
    {
        var counter = new ScopeCounter();
        Assert.Null(counter.LastRecordedAt);

        counter.Apply(Crossings.Make(Crossings.Now.AddDays(-3)), Crossings.Now);
        counter.Apply(Crossings.Make(Crossings.Now), Crossings.Now.AddSeconds(-30));

        Assert.Equal(Crossings.Now, counter.LastRecordedAt);
    }

    [Fact]
    public void Counting_an_event_in_kept_buckets_allocates_nothing()
    {
        var counter = new ScopeCounter();
        var crossing = Crossings.Make(Crossings.Now.AddMinutes(-5));
        counter.Apply(crossing, Crossings.Now);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            counter.Apply(crossing, Crossings.Now);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001UL, counter.ToScopeCounts(Checkpoint, Crossings.Now).CurrentHour.Counts.Arrival.People);
    }

    [Fact]
    public void A_delta_applied_to_an_empty_counter_reproduces_the_counts()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Crossings.Now.AddMinutes(-5), Movement.ShelterCheckIn, headcount: 3), Crossings.Now);
        counter.Apply(Crossings.Make(Crossings.Now.AddDays(-2), nationality: "HTI"), Crossings.Now.AddSeconds(1));
        counter.Apply(Crossings.Make(Crossings.Now.AddDays(-900), nationality: "CUB"), Crossings.Now);

        var copy = new ScopeCounter();
        copy.Apply(counter.ToDelta());

        Assert.Equal(Snapshot(counter), Snapshot(copy));
        Assert.Equal(counter.LastRecordedAt, copy.LastRecordedAt);
    }

    [Fact]
    public void A_checkpoint_moving_region_is_removed_exactly_from_the_old_one()
    {
        var stays = new ScopeCounter();
        var moves = new ScopeCounter();
        var region = new ScopeCounter();
        var stayingDelta = new Delta();
        var movingDelta = new Delta();
        for (var i = 0; i < 20; i++)
        {
            var crossing = Crossings.Make(Crossings.Now.AddHours(-5 * i), (Movement)(1 + (i % 5)), nationality: i % 2 == 0 ? "VEN" : "ECU", headcount: (uint)(i + 1));
            (i % 3 == 0 ? moves : stays).Apply(crossing, Crossings.Now);
            (i % 3 == 0 ? movingDelta : stayingDelta).Add(crossing, Crossings.Now);
        }

        region.Apply(stayingDelta);
        region.Apply(movingDelta);
        var version = region.Version;

        region.Remove(moves.ToDelta());

        Assert.Equal(Snapshot(stays), Snapshot(region));
        Assert.Equal(stays.ShelterOccupants, region.ShelterOccupants);
        Assert.Equal(version + 1, region.Version);
    }

    [Fact]
    public void Removing_counts_that_are_not_there_fails_and_changes_nothing()
    {
        var region = new ScopeCounter();
        region.Apply(Crossings.Make(headcount: 2), Crossings.Now);
        var other = new ScopeCounter();
        other.Apply(Crossings.Make(headcount: 1, nationality: "HTI"), Crossings.Now);
        var before = Snapshot(region);

        Assert.Throws<InvalidOperationException>(() => region.Remove(other.ToDelta()));

        Assert.Equal(before, Snapshot(region));
    }

    /// <summary>Everything a counter serves at <see cref="Crossings.Now"/>: totals, shelter, the kept hours and 366 days.</summary>
    internal static string Snapshot(ScopeCounter counter)
    {
        var counts = counter.ToScopeCounts(Checkpoint, Crossings.Now);
        counts.Version = 0;
        var hours = counter.TimeSeries(Granularity.Hourly, null, null, true, Crossings.Now);
        var days = counter.TimeSeries(Granularity.Daily, Crossings.Now.AddDays(-366), Crossings.Now, true, Crossings.Now);
        return string.Join("\n", [counts.ToString(), .. hours.Select(h => h.ToString()), .. days.Select(d => d.ToString())]);
    }
}

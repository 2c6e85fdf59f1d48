using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>Served counts checked row by row against the naive recount (<see cref="CountsTable"/>), and the occupancy it implies.</summary>
internal static class CountRows
{
    /// <summary>Fails listing every row where the served counts differ from the naive recount of <paramref name="events"/>.</summary>
    public static void AssertMatch(IEnumerable<CrossingEvent> events, Counts served, string what) =>
        CountsTable.AssertEqual(CountsTable.Of(events), CountsTable.Of(served), what);

    /// <summary>Shelter check-ins less check-outs.</summary>
    public static long Occupants(IEnumerable<CrossingEvent> events) =>
        events.Sum(e => e.Movement switch
        {
            Movement.ShelterCheckIn => (long)e.Headcount,
            Movement.ShelterCheckOut => -(long)e.Headcount,
            _ => 0,
        });
}

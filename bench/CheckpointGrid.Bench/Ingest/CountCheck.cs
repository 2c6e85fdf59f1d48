using CheckpointGrid.Contracts.V1;
using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// The sanity check after a run: the server's national totals (people of every movement, from
/// GetNationalCounts) must equal the headcounts of every event the terminals had acknowledged.
/// </summary>
internal sealed record CountCheck(long AckedEvents, long AckedPeople, ulong CountedPeople)
{
    public bool Equal => CountedPeople == (ulong)AckedPeople;

    public static async Task<CountCheck> RunAsync(GrpcChannel channel, IReadOnlyList<SimulatedTerminal> terminals)
    {
        long events = 0;
        long people = 0;
        foreach (var terminal in terminals)
        {
            events += terminal.AckedEvents;
            people += terminal.AckedPeople;
        }
        var response = await new QueryService.QueryServiceClient(channel).GetNationalCountsAsync(new GetNationalCountsRequest());
        var totals = response.Counts?.Totals ?? throw new InvalidOperationException("GetNationalCounts returned no totals.");
        var counted = People(totals.Arrival) + People(totals.Departure) + People(totals.ShelterCheckIn)
            + People(totals.ShelterCheckOut) + People(totals.RepatriationBoarding);
        return new CountCheck(events, people, counted);
    }

    private static ulong People(MovementTally? tally) => tally?.People ?? 0;
}

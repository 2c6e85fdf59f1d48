using CheckpointGrid.Contracts.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// Valid crossing events with realistic attributes: nationalities in the proportions of the 2023
/// Darién transits (Panama's SNM, /work/shared/data/darien_by_nationality_snm.csv, the 14 largest),
/// mostly adults and men, mostly northbound, mostly single people with some families.
/// </summary>
internal static class CrossingEventFactory
{
    private static readonly WeightedChoice<string> Nationalities = new(
        ("VEN", 328_650), ("ECU", 57_250), ("HTI", 46_422), ("CHN", 25_565), ("COL", 18_841), ("CHL", 5_877), ("AFG", 4_267),
        ("PER", 4_093), ("BRA", 3_838), ("IND", 3_736), ("NPL", 2_252), ("VNM", 2_102), ("BGD", 1_931), ("CMR", 1_636));

    private static readonly WeightedChoice<Movement> Movements = new(
        (Movement.Arrival, 40), (Movement.Departure, 35), (Movement.ShelterCheckIn, 12), (Movement.ShelterCheckOut, 10), (Movement.RepatriationBoarding, 3));

    private static readonly WeightedChoice<Direction> Directions = new((Direction.Northbound, 85), (Direction.Southbound, 15));

    private static readonly WeightedChoice<AgeGroup> AgeGroups = new(
        (AgeGroup.Ages0To4, 8), (AgeGroup.Ages5To11, 8), (AgeGroup.Ages12To17, 5), (AgeGroup.Ages18To59, 75), (AgeGroup.Ages60Plus, 2), (AgeGroup.Unknown, 2));

    private static readonly WeightedChoice<Sex> Sexes = new((Sex.Female, 38), (Sex.Male, 60), (Sex.Unknown, 2));

    private static readonly WeightedChoice<uint> Headcounts = new((1u, 70), (2u, 12), (3u, 8), (4u, 6), (5u, 4));

    /// <summary>One event of a terminal's stream; the id is a fresh UUIDv7, as a terminal makes it when it records the event.</summary>
    public static CrossingEvent Create(Random random, string checkpointId, string terminalId, ulong sequence, DateTimeOffset occurredAt) => new()
    {
        EventId = Guid.CreateVersion7().ToString(),
        CheckpointId = checkpointId,
        TerminalId = terminalId,
        Sequence = sequence,
        OccurredAt = Timestamp.FromDateTimeOffset(occurredAt),
        Movement = Movements.Next(random),
        Direction = Directions.Next(random),
        Nationality = Nationalities.Next(random),
        AgeGroup = AgeGroups.Next(random),
        Sex = Sexes.Next(random),
        Headcount = Headcounts.Next(random),
    };
}

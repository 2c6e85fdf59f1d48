using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core.Tests.Fixtures;

/// <summary>Valid crossing events for tests, with any attribute overridden.</summary>
internal static class Crossings
{
    /// <summary>A fixed server clock: Sunday 2025-06-15 12:34 UTC (07:34 in Panama).</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 34, 0, TimeSpan.Zero);

    private static int s_nextId;

    public static CrossingEvent Make(
        DateTimeOffset? occurredAt = null,
        Movement movement = Movement.Arrival,
        Direction direction = Direction.Northbound,
        string nationality = "VEN",
        AgeGroup ageGroup = AgeGroup.Ages18To59,
        Sex sex = Sex.Female,
        uint headcount = 1,
        string checkpointId = "PA-DAR-SVC",
        string terminalId = "laptop-1") => new()
        {
            EventId = $"evt-{Interlocked.Increment(ref s_nextId)}",
            CheckpointId = checkpointId,
            TerminalId = terminalId,
            OccurredAt = Timestamp.FromDateTimeOffset(occurredAt ?? Now.AddMinutes(-10)),
            Movement = movement,
            Direction = direction,
            Nationality = nationality,
            AgeGroup = ageGroup,
            Sex = sex,
            Headcount = headcount,
        };

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);
}

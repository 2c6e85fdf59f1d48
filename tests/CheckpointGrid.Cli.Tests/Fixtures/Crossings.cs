using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>Valid crossing events for tests.</summary>
internal static class Crossings
{
    public static CrossingEvent Arrival(string eventId, string nationality = "VEN", uint headcount = 1) => new()
    {
        EventId = eventId,
        OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero)),
        Movement = Movement.Arrival,
        Direction = Direction.Northbound,
        Nationality = nationality,
        AgeGroup = AgeGroup.Ages18To59,
        Sex = Sex.Female,
        Headcount = headcount,
    };

    /// <summary>Events "prefix-1" … "prefix-count".</summary>
    public static CrossingEvent[] Arrivals(string prefix, int count)
    {
        var events = new CrossingEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = Arrival($"{prefix}-{i + 1}");
        }

        return events;
    }
}

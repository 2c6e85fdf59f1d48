using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>Events for store tests, and where and when they happen.</summary>
public static class Crossings
{
    public static readonly CheckpointId SanVicente = CheckpointId.Parse("PA-DAR-SVC");
    public static readonly CheckpointId LajasBlancas = CheckpointId.Parse("PA-DAR-ERM-LB");
    public static readonly TerminalId Laptop1 = TerminalId.Parse("svc-laptop-1");
    public static readonly TerminalId Laptop2 = TerminalId.Parse("svc-laptop-2");

    /// <summary>A server clock reading with sub-millisecond ticks, so that a store that rounds shows it.</summary>
    public static readonly DateTimeOffset RecordedAt = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.Zero).AddTicks(5_358_979);

    /// <summary>An event with every field set; the id, terminal and sequence vary, the rest is fixed unless given (it occurs at 2026-03-14 14:53:20.123456789 UTC).</summary>
    public static CrossingEvent Event(
        string eventId,
        TerminalId? terminal = null,
        ulong sequence = 0,
        Movement movement = Movement.Arrival,
        uint headcount = 1,
        string nationality = "VEN",
        DateTimeOffset? occurredAt = null) => new()
        {
            EventId = eventId,
            TerminalId = terminal?.Value ?? string.Empty,
            Sequence = sequence,
            OccurredAt = occurredAt is { } at ? Timestamp.FromDateTimeOffset(at) : new Timestamp { Seconds = 1_773_500_000, Nanos = 123_456_789 },
            Movement = movement,
            Direction = Direction.Northbound,
            Nationality = nationality,
            AgeGroup = AgeGroup.Ages5To11,
            Sex = Sex.Female,
            Headcount = headcount,
        };
}

using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Testing;

/// <summary>Crossing events for tests: one valid event to vary, or a seeded random stream.</summary>
public static class Crossings
{
    /// <summary>Nationality codes the random stream draws from, "OOO" (other or unknown) included.</summary>
    public static readonly string[] Nationalities = ["VEN", "HTI", "ECU", "COL", "CHN", "IND", "AFG", "CMR", "PER", "CUB", "BRA", "OOO"];

    private static int s_nextId;

    /// <summary>A valid event: one adult Venezuelan man arriving northbound at the checkpoint, at the given time or now.</summary>
    public static CrossingEvent One(
        string checkpointId,
        Movement movement = Movement.Arrival,
        uint headcount = 1,
        string nationality = "VEN",
        DateTimeOffset? occurredAt = null) => new()
        {
            EventId = $"event-{Interlocked.Increment(ref s_nextId)}-{Guid.NewGuid():N}",
            CheckpointId = checkpointId,
            TerminalId = "terminal-1",
            OccurredAt = Timestamp.FromDateTimeOffset(occurredAt ?? DateTimeOffset.UtcNow),
            Movement = movement,
            Direction = Direction.Northbound,
            Nationality = nationality,
            AgeGroup = AgeGroup.Ages18To59,
            Sex = Sex.Male,
            Headcount = headcount,
        };

    /// <summary>A terminal's stream: <paramref name="count"/> valid events at the checkpoint, sequences from <paramref name="first"/>.</summary>
    public static List<CrossingEvent> Sequenced(string checkpointId, string terminalId, ulong first, int count)
    {
        var events = new List<CrossingEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var crossing = One(checkpointId);
            crossing.TerminalId = terminalId;
            crossing.Sequence = first + (ulong)i;
            events.Add(crossing);
        }
        return events;
    }

    /// <summary>
    /// <paramref name="count"/> events spread at random over the checkpoints, every attribute drawn at random,
    /// headcount 1–8, occurred_at within the <paramref name="window"/> before <paramref name="now"/>.
    /// </summary>
    public static List<CrossingEvent> RandomStream(int seed, int count, IReadOnlyList<string> checkpointIds, DateTimeOffset now, TimeSpan window)
    {
        var random = new Random(seed);
        var events = new List<CrossingEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var occurredAt = now - TimeSpan.FromTicks(random.NextInt64(window.Ticks));
            events.Add(new CrossingEvent
            {
                EventId = $"stream-{seed}-{i}",
                CheckpointId = checkpointIds[random.Next(checkpointIds.Count)],
                TerminalId = $"terminal-{random.Next(4)}",
                OccurredAt = Timestamp.FromDateTimeOffset(occurredAt),
                Movement = (Movement)random.Next(1, 6),
                Direction = (Direction)random.Next(1, 3),
                Nationality = Nationalities[random.Next(Nationalities.Length)],
                AgeGroup = (AgeGroup)random.Next(1, 7),
                Sex = (Sex)random.Next(1, 4),
                Headcount = (uint)random.Next(1, 9),
            });
        }

        return events;
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Storage.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Storage.Tests.Programs;

/// <summary>
/// The process the crash test kills: commits batch after batch, each with the counts it brings and the version it
/// expects, as a grain does, and prints "acked N" only once batch N's commit has returned, as the server acks a
/// terminal. Whatever it printed must be in the file after a kill -9.
/// </summary>
internal static class CrashWriterProgram
{
    public const int EventsPerBatch = 50;
    public static readonly CheckpointId Checkpoint = CheckpointId.Parse("PA-CRASH");
    public static readonly TerminalId Terminal = TerminalId.Parse("crash-terminal");

    public static string EventId(int batch, int index) => $"crash-{batch}-{index}";

    public static async Task<int> RunAsync(string dataDirectory, SqliteSynchronous synchronous)
    {
        var store = SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = dataDirectory, Synchronous = synchronous });
        var writer = new CheckpointWriter(Checkpoint);
        Console.WriteLine("open");
        // Never disposed: the test kills this process mid-stream, and a clean close is not what is tested.
        for (var batch = 1; ; batch++)
        {
            var events = new CrossingEvent[EventsPerBatch];
            for (var i = 0; i < EventsPerBatch; i++)
            {
                events[i] = new CrossingEvent
                {
                    EventId = EventId(batch, i),
                    TerminalId = Terminal.Value,
                    Sequence = (ulong)(((batch - 1) * EventsPerBatch) + i + 1),
                    OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                    Movement = Movement.Arrival,
                    Direction = Direction.Northbound,
                    Nationality = "ECU",
                    AgeGroup = AgeGroup.Ages18To59,
                    Sex = Sex.Male,
                    Headcount = 1,
                };
            }
            var through = (ulong)(batch * EventsPerBatch);
            var result = await store.CommitAsync(writer.Stream(Terminal, through, events), default);
            if (result.Status != CommitStatus.Committed)
            {
                throw new InvalidOperationException($"Batch {batch} was refused: {result.Status}.");
            }
            Console.WriteLine($"acked {batch}");
        }
    }
}

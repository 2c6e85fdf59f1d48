using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Google.Protobuf.WellKnownTypes;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>Batches no store may accept, by name. Most carry a valid event first, to show nothing of them is kept.</summary>
public static class MalformedBatch
{
    public static readonly IReadOnlyDictionary<string, Func<CrossingBatch>> All = new Dictionary<string, Func<CrossingBatch>>
    {
        ["terminal without durable sequence"] = static () => new(SanVicente, Laptop1, null, [Valid()], RecordedAt),
        ["durable sequence without terminal"] = static () => new(SanVicente, null, 1, [Valid()], RecordedAt),
        ["default checkpoint"] = static () => new(default, Laptop1, 1, [Valid()], RecordedAt),
        ["default terminal"] = static () => new(SanVicente, default(TerminalId), 1, [Valid()], RecordedAt),
        ["null event list"] = static () => new(SanVicente, Laptop1, 1, null!, RecordedAt),
        ["null event"] = static () => Stream(SanVicente, Laptop1, 2, Valid(), null!),
        ["event without id"] = static () => Stream(SanVicente, Laptop1, 2, Valid(), Event(string.Empty, Laptop1, 2)),
        ["event naming another checkpoint"] = static () =>
        {
            var other = Event("other-checkpoint", Laptop1, 2);
            other.CheckpointId = LajasBlancas.Value;
            return Stream(SanVicente, Laptop1, 2, Valid(), other);
        },
        ["event naming another terminal"] = static () => Stream(SanVicente, Laptop1, 2, Valid(), Event("other-terminal", Laptop2, 2)),
        ["event without occurred_at"] = static () =>
        {
            var undated = Event("undated", Laptop1, 2);
            undated.OccurredAt = null;
            return Stream(SanVicente, Laptop1, 2, Valid(), undated);
        },
        ["occurred_at past 2262"] = static () =>
        {
            var far = Event("far-future", Laptop1, 2);
            far.OccurredAt = new Timestamp { Seconds = 9_300_000_000 };
            return Stream(SanVicente, Laptop1, 2, Valid(), far);
        },
        ["sequence above long.MaxValue"] = static () => Stream(SanVicente, Laptop1, 2, Valid(), Event("huge", Laptop1, ulong.MaxValue)),
        ["durable sequence above long.MaxValue"] = static () => Stream(SanVicente, Laptop1, ulong.MaxValue, Valid()),
        ["recorded_at before 1678"] = static () => Stream(SanVicente, Laptop1, 1, Valid()) with { RecordedAt = DateTimeOffset.MinValue },
    };

    private static CrossingEvent Valid() => Event("valid", Laptop1, 1);
}

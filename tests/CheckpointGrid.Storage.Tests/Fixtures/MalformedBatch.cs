using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using Google.Protobuf.WellKnownTypes;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>Batches no store may accept, by name. Most carry a valid event first, to show nothing of them is kept.</summary>
public static class MalformedBatch
{
    public static readonly IReadOnlyDictionary<string, Func<CrossingBatch>> All = new Dictionary<string, Func<CrossingBatch>>
    {
        ["terminal without durable sequence"] = static () => Valid() with { DurableThrough = null },
        ["durable sequence without terminal"] = static () => Valid() with { Terminal = null },
        ["default checkpoint"] = static () => Valid() with { Checkpoint = default },
        ["default terminal"] = static () => Valid() with { Terminal = default(TerminalId) },
        ["null event list"] = static () => Valid() with { Events = null! },
        ["null event"] = static () => With(Event("valid", Laptop1, 1), null!),
        ["event without id"] = static () => With(Event("valid", Laptop1, 1), Event(string.Empty, Laptop1, 2)),
        ["event naming another checkpoint"] = static () =>
        {
            var other = Event("other-checkpoint", Laptop1, 2);
            other.CheckpointId = LajasBlancas.Value;
            return With(Event("valid", Laptop1, 1), other);
        },
        ["event naming another terminal"] = static () => With(Event("valid", Laptop1, 1), Event("other-terminal", Laptop2, 2)),
        ["event without occurred_at"] = static () =>
        {
            var undated = Event("undated", Laptop1, 2);
            undated.OccurredAt = null;
            return With(Event("valid", Laptop1, 1), undated);
        },
        ["occurred_at past 2262"] = static () =>
        {
            var far = Event("far-future", Laptop1, 2);
            far.OccurredAt = new Timestamp { Seconds = 9_300_000_000 };
            return With(Event("valid", Laptop1, 1), far);
        },
        ["sequence above long.MaxValue"] = static () => With(Event("valid", Laptop1, 1), Event("huge", Laptop1, ulong.MaxValue)),
        ["durable sequence above long.MaxValue"] = static () => Valid() with { DurableThrough = ulong.MaxValue },
        ["recorded_at before 1678"] = static () => Valid() with { RecordedAt = DateTimeOffset.MinValue },
        ["expected version long.MaxValue"] = static () => Valid() with { ExpectedVersion = long.MaxValue },
        ["null counts"] = static () => Valid() with { Counts = null! },
        ["null counts rows"] = static () => Valid() with { Counts = Valid().Counts with { Rows = null! } },
        ["counts last_recorded_at past 2262"] = static () => Valid() with { Counts = Valid().Counts with { LastRecordedAt = DateTimeOffset.MaxValue } },
        ["counts row of no kind"] = static () => WithRow(new CountsRow((BucketKind)99, 1, new Tally())),
        ["totals row with a bucket"] = static () => WithRow(new CountsRow(BucketKind.Totals, 1, new Tally())),
        ["counts row without tally"] = static () => WithRow(new CountsRow(BucketKind.Hour, 1, null!)),
    };

    /// <summary>A well-formed batch: one event, the counts it brings a new checkpoint to, expecting version 0.</summary>
    private static CrossingBatch Valid() => new CheckpointWriter(SanVicente).Stream(Laptop1, 1, Event("valid", Laptop1, 1));

    /// <summary>The valid batch's counts with these events, which counting could not take (nor need to: the store refuses them first).</summary>
    private static CrossingBatch With(params CrossingEvent[] events) => Valid() with { Events = events, DurableThrough = 2 };

    private static CrossingBatch WithRow(CountsRow row) => Valid() with { Counts = Valid().Counts with { Rows = [.. Valid().Counts.Rows, row] } };
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Storage;

/// <summary>
/// What every store refuses before it queues a batch: the shapes it could not store faithfully. They are
/// checked up front, on the caller's thread, so that one malformed batch can never fail a shared
/// transaction and with it the batches of other checkpoints. (Domain validation is Core's; this is not it.)
/// </summary>
internal static class CrossingBatchRules
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first rule <paramref name="batch"/> breaks.</summary>
    public static void Validate(CrossingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Checkpoint.Value.Length == 0)
        {
            throw Refuse("its checkpoint is not set");
        }
        if (batch.Terminal.HasValue != batch.DurableThrough.HasValue)
        {
            throw Refuse("Terminal and DurableThrough must be both set (a terminal's stream batch) or both null (RecordCrossing)");
        }
        if (batch.Terminal is { Value.Length: 0 })
        {
            throw Refuse("its terminal is default");
        }
        if (batch.DurableThrough > long.MaxValue)
        {
            throw Refuse($"DurableThrough {batch.DurableThrough} is above {long.MaxValue}");
        }
        if (!UnixNanoseconds.CanHold(batch.RecordedAt))
        {
            throw Refuse($"RecordedAt {batch.RecordedAt:O} is outside the years 1678–2261 a store can hold");
        }
        if (batch.ExpectedVersion >= long.MaxValue)
        {
            throw Refuse($"ExpectedVersion {batch.ExpectedVersion} is not below {long.MaxValue}");
        }
        if (batch.Events is null)
        {
            throw Refuse("its Events list is null");
        }
        ValidateCounts(batch.Counts);

        var events = batch.Events;
        for (var i = 0; i < events.Count; i++)
        {
            ValidateEvent(batch, events[i], i);
        }
    }

    private static void ValidateCounts(CountsUpdate? counts)
    {
        if (counts?.Rows is null)
        {
            throw Refuse("its Counts, or their Rows list, is null");
        }
        if (counts.LastRecordedAt is { } lastRecordedAt && !UnixNanoseconds.CanHold(lastRecordedAt))
        {
            throw Refuse($"Counts.LastRecordedAt {lastRecordedAt:O} is outside the years 1678–2261 a store can hold");
        }

        var rows = counts.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            var (kind, bucket, tally) = rows[i];
            if (tally is null || kind is < BucketKind.Totals or > BucketKind.Month || (kind == BucketKind.Totals && bucket != 0))
            {
                throw Refuse($"counts row {i} ({kind} {bucket}) is not a row of counts: a totals row has bucket 0, and every row a tally");
            }
        }
    }

    private static void ValidateEvent(CrossingBatch batch, CrossingEvent? crossing, int index)
    {
        if (crossing is null)
        {
            throw Refuse($"event {index} is null");
        }
        if (crossing.EventId.Length == 0)
        {
            throw Refuse($"event {index} has no event_id");
        }
        if (crossing.CheckpointId.Length != 0 && crossing.CheckpointId != batch.Checkpoint.Value)
        {
            throw Refuse($"event {index} ('{crossing.EventId}') names checkpoint '{crossing.CheckpointId}', not the batch's '{batch.Checkpoint}'");
        }
        if (batch.Terminal is { } terminal && crossing.TerminalId.Length != 0 && crossing.TerminalId != terminal.Value)
        {
            throw Refuse($"event {index} ('{crossing.EventId}') names terminal '{crossing.TerminalId}', not the batch's '{terminal}'");
        }
        if (crossing.Sequence > long.MaxValue)
        {
            throw Refuse($"event {index} ('{crossing.EventId}') has sequence {crossing.Sequence}, above {long.MaxValue}");
        }
        if (crossing.OccurredAt is null || !UnixNanoseconds.CanHold(crossing.OccurredAt))
        {
            throw Refuse($"event {index} ('{crossing.EventId}') has no occurred_at, or one outside the years 1678–2261 a store can hold");
        }
    }

    private static ArgumentException Refuse(string why) =>
        new($"The crossing batch cannot be stored: {why}.");
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>
/// One checkpoint's writer, as its grain is: the counts and version it holds, from which it builds each next batch
/// (events counted, the rows they touched, the version expected). Building a batch assumes it will commit, so several
/// can be queued in a row; after a refusal, <see cref="ReloadAsync"/> takes the store's state back.
/// </summary>
public sealed class CheckpointWriter(CheckpointId checkpoint)
{
    public CheckpointId Checkpoint => checkpoint;

    /// <summary>The counts as they are once every batch built so far has committed.</summary>
    public ScopeCounter Counter { get; private set; } = new();

    /// <summary>The version the next batch expects.</summary>
    public ulong Version { get; private set; }

    /// <summary>A terminal's stream batch, durable through <paramref name="durableThrough"/>.</summary>
    public CrossingBatch Stream(TerminalId terminal, ulong durableThrough, params CrossingEvent[] events) => Next(terminal, durableThrough, events);

    /// <summary>A RecordCrossing batch: no terminal sequence.</summary>
    public CrossingBatch Recorded(params CrossingEvent[] events) => Next(null, null, events);

    /// <summary>Builds a stream batch and commits it.</summary>
    public Task<CommitResult> StreamAsync(ICrossingStore store, TerminalId terminal, ulong durableThrough, params CrossingEvent[] events) =>
        store.CommitAsync(Stream(terminal, durableThrough, events), default).WithTimeout();

    /// <summary>Builds a RecordCrossing batch and commits it.</summary>
    public Task<CommitResult> RecordAsync(ICrossingStore store, params CrossingEvent[] events) =>
        store.CommitAsync(Recorded(events), default).WithTimeout();

    /// <summary>Starts again from what the store holds, as a grain does after a refusal or at activation.</summary>
    public async Task<CheckpointState> ReloadAsync(ICrossingStore store)
    {
        var state = await store.LoadAsync(checkpoint, default).WithTimeout();
        Counter = ScopeCounter.Restore(state.ShelterOccupants, state.LastRecordedAt, state.Rows);
        Version = state.Version;
        return state;
    }

    private CrossingBatch Next(TerminalId? terminal, ulong? durableThrough, CrossingEvent[] events)
    {
        var delta = new Delta();
        foreach (var crossing in events)
        {
            delta.Add(crossing, Crossings.RecordedAt);
        }
        Counter.Apply(delta);
        var counts = new CountsUpdate(Counter.ShelterOccupants, Counter.LastRecordedAt, Counter.RowsTouchedBy(delta));
        var batch = new CrossingBatch(checkpoint, terminal, durableThrough, events, Crossings.RecordedAt, Version, counts);
        Version++;
        return batch;
    }
}

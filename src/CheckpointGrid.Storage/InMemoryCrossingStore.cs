using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Storage.InMemory;

namespace CheckpointGrid.Storage;

/// <summary>
/// A store that keeps everything in process memory: nothing survives a restart. The reference the
/// contract tests hold every store to, and a stand-in for tests. Each commit is applied whole under one
/// lock, so it is its own "transaction"; stored events are copies, never the caller's objects.
/// </summary>
public sealed class InMemoryCrossingStore : ICrossingStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CheckpointId, CheckpointRecord> _checkpoints = [];

    /// <inheritdoc />
    public Task<CheckpointLog> LoadAsync(CheckpointId checkpoint, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<CheckpointLog>(cancellationToken);
        }

        lock (_gate)
        {
            if (!_checkpoints.TryGetValue(checkpoint, out var record))
            {
                return Task.FromResult(new CheckpointLog([], new Dictionary<TerminalId, ulong>()));
            }

            var crossings = new StoredCrossing[record.Crossings.Count];
            for (var i = 0; i < crossings.Length; i++)
            {
                var stored = record.Crossings[i];
                crossings[i] = stored with { Event = stored.Event.Clone() };
            }
            return Task.FromResult(new CheckpointLog(crossings, new Dictionary<TerminalId, ulong>(record.DurableSequences)));
        }
    }

    /// <inheritdoc />
    public Task<bool[]> CommitAsync(CrossingBatch batch, CancellationToken cancellationToken)
    {
        CrossingBatchRules.Validate(batch);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool[]>(cancellationToken);
        }

        var events = batch.Events;
        var isNew = new bool[events.Count];
        var recordedAt = batch.RecordedAt.ToUniversalTime();
        lock (_gate)
        {
            if (!_checkpoints.TryGetValue(batch.Checkpoint, out var record))
            {
                record = new CheckpointRecord();
                _checkpoints.Add(batch.Checkpoint, record);
            }

            for (var i = 0; i < events.Count; i++)
            {
                var crossing = events[i];
                if (record.EventIds.Add(crossing.EventId))
                {
                    record.Crossings.Add(new StoredCrossing(StoredForm(crossing, batch), recordedAt));
                    isNew[i] = true;
                }
            }

            if (batch is { Terminal: { } terminal, DurableThrough: { } through }
                && (!record.DurableSequences.TryGetValue(terminal, out var known) || through > known))
            {
                record.DurableSequences[terminal] = through;
            }
        }
        return Task.FromResult(isNew);
    }

    /// <summary>The event as every store gives it back: a copy with its checkpoint, and its terminal when the stream left it empty.</summary>
    private static CrossingEvent StoredForm(CrossingEvent crossing, CrossingBatch batch)
    {
        var copy = crossing.Clone();
        copy.CheckpointId = batch.Checkpoint.Value;
        if (copy.TerminalId.Length == 0 && batch.Terminal is { } terminal)
        {
            copy.TerminalId = terminal.Value;
        }
        return copy;
    }
}

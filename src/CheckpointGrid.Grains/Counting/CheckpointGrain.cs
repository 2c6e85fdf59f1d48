using Microsoft.Extensions.DependencyInjection;
using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Grains.Diagnostics;
using CheckpointGrid.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Grains.Counting;

/// <summary>
/// One checkpoint: the only writer of its events and counts. A batch is committed to the store together with the
/// counts rows it changes and the terminal's durable sequence, conditional on the version this activation read, then
/// counted, then handed to the region (awaited: once a call returns, the checkpoint and its region include it).
/// Activation reads the stored counts, never the events.
/// </summary>
public sealed class CheckpointGrain(
    CheckpointCatalog catalog, ICrossingStore store, [FromKeyedServices(GridClock.Key)] TimeProvider time, IOptions<PublishingOptions> options,
    GrainMetrics metrics, ILogger<CheckpointGrain> logger)
    : CountingGrain(time, options, metrics, logger), ICheckpointGrain
{
    // Invariants, between turns: Counter holds exactly what the store holds for this checkpoint at _version, and
    // _durable its terminals' durable sequences (a refused or failed commit reloads both from the store); a duplicate
    // activation elsewhere can only make this one's next commit conflict, never count twice.
    private const int MaxAttempts = 50;
    private readonly Dictionary<string, ulong> _durable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _streams = new(StringComparer.Ordinal);
    private CheckpointId _id;
    private RegionName _region;
    private ulong _version;
    private long _lastStream;
    private Scope? _scope;
    private KeyValuePair<string, object?> _checkpointTag;

    protected override Scope Scope => _scope ??= new Scope { CheckpointId = _id.Value };

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = CheckpointId.Parse(this.GetPrimaryKeyString());
        _checkpointTag = new(GrainDiagnostics.CheckpointAttribute, _id.Value);
        _region = catalog.TryGet(_id, out var checkpoint)
            ? checkpoint.Region
            : throw new InvalidOperationException($"Checkpoint {_id} is not in the catalog.");
        await base.OnActivateAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch
        {
            ActivationFailed();
            throw;
        }
    }

    public Task<StreamOpened> OpenStreamAsync(string terminalId)
    {
        var stream = ++_lastStream;
        _streams[terminalId] = stream;
        return Task.FromResult(new StreamOpened(_durable.GetValueOrDefault(terminalId) + 1, stream));
    }

    public async Task<BatchOutcome> IngestAsync(TerminalBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var attempt = 0; ; attempt++)
        {
            if (_streams.GetValueOrDefault(batch.TerminalId) != batch.Stream)
            {
                return Refused(BatchRefusal.StreamReplaced, $"A newer stream was opened for terminal {batch.TerminalId} at {_id}; this one is closed.");
            }
            var durable = _durable.GetValueOrDefault(batch.TerminalId);
            if (batch.First > durable + 1)
            {
                return Refused(BatchRefusal.SequenceGap, $"Sequence gap: expected sequence {durable + 1}, got {batch.First}.");
            }
            if (batch.Last <= durable)
            {
                return new BatchOutcome(durable, 0, (uint)batch.Valid.Count, BatchRefusal.None, null);
            }
            var fresh = new List<CrossingEvent>(batch.Valid.Count);
            foreach (var crossing in batch.Valid)
            {
                if (crossing.Sequence > durable)
                {
                    fresh.Add(crossing);
                }
            }
            var replayed = (uint)(batch.Valid.Count - fresh.Count);
            if (await CommitAsync(fresh, TerminalId.Parse(batch.TerminalId), batch.Last) is { } committed)
            {
                return new BatchOutcome(batch.Last, committed.Accepted, replayed + committed.Stored, BatchRefusal.None, null);
            }
            // Another activation committed first: this one has reloaded; look at the batch again (it may be durable now).
            await BackOffAsync(attempt);
        }
    }

    public async Task<bool> RecordAsync(CrossingEvent crossing)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await CommitAsync([crossing], terminal: null, durableThrough: null) is { } committed)
            {
                return committed.Accepted == 0;
            }
            await BackOffAsync(attempt);
        }
    }

    public async Task FollowCatalogRegionAsync()
    {
        var region = catalog.TryGet(_id, out var checkpoint) ? checkpoint.Region : _region;
        if (region == _region)
        {
            return;
        }
        var left = _region;
        _region = region;
        // Both regions rebuild from their checkpoints as the catalog has them now.
        await GrainFactory.Region(left).RebuildAsync();
        await GrainFactory.Region(region).RebuildAsync();
    }

    public Task<CheckpointStatusInfo> GetStatusAsync() => Task.FromResult(new CheckpointStatusInfo(Counter.ShelterOccupants, Counter.LastRecordedAt));

    public Task<ChildCounts> GetChildCountsAsync() => Task.FromResult(new ChildCounts(0, _version, Counter.ToDelta()));

    protected override uint? CatalogShelterCapacity() => catalog.TryGet(_id, out var checkpoint) ? checkpoint.ShelterCapacity : null;

    /// <summary>
    /// Commits the events not stored yet and counts them: (new, already stored), or null when another activation
    /// committed first (this one has then reloaded).
    /// </summary>
    private async Task<(uint Accepted, uint Stored)?> CommitAsync(List<CrossingEvent> crossings, TerminalId? terminal, ulong? durableThrough)
    {
        var stored = 0u;
        while (true)
        {
            if (crossings.Count == 0 && terminal is null)
            {
                return (0, stored);
            }
            var now = Time.GetUtcNow();
            var delta = new Delta();
            foreach (var crossing in crossings)
            {
                delta.Add(crossing, now);
            }
            // The rows as the batch leaves them, taken and undone in one synchronous step: between turns (and in the
            // interleaving GetChildCountsAsync) the counter stays committed state.
            Counter.Apply(delta);
            var counts = new CountsUpdate(Counter.ShelterOccupants, Counter.LastRecordedAt, Counter.RowsTouchedBy(delta));
            Counter.Remove(delta);

            var result = await CommitToStoreAsync(new CrossingBatch(_id, terminal, durableThrough, crossings, now, _version, counts));
            switch (result.Status)
            {
                case CommitStatus.Committed:
                    Counter.Apply(delta);
                    _version++;
                    if (terminal is { } t)
                    {
                        _durable[t.Value] = Math.Max(_durable.GetValueOrDefault(t.Value), durableThrough!.Value);
                    }
                    await CountsChanged();
                    await TellRegionAsync(delta);
                    return ((uint)crossings.Count, stored);
                case CommitStatus.DuplicateEvents:
                    crossings = Without(crossings, result.DuplicateIndexes);
                    stored += (uint)result.DuplicateIndexes.Count;
                    await LoadAsync(CancellationToken.None);
                    break;
                default:
                    GrainLog.VersionConflict(Logger, _id.Value, _version);
                    Metrics.VersionConflict(_checkpointTag);
                    await LoadAsync(CancellationToken.None);
                    return null;
            }
        }
    }

    /// <summary>The store's commit, as a span of its own (one per batch, not per event; free while nobody listens).</summary>
    private async Task<CommitResult> CommitToStoreAsync(CrossingBatch batch)
    {
        using var span = GrainDiagnostics.ActivitySource.StartActivity(GrainDiagnostics.CommitSpan);
        if (span is not null)
        {
            span.SetTag(GrainDiagnostics.CheckpointAttribute, _id.Value);
            span.SetTag(GrainDiagnostics.TerminalAttribute, batch.Terminal?.Value);
            span.SetTag("checkpointgrid.batch.events", batch.Events.Count);
        }
        var result = await store.CommitAsync(batch, CancellationToken.None);
        span?.SetTag("checkpointgrid.commit.status", result.Status.ToString());
        return result;
    }

    /// <summary>Hands a committed change to the region. It is durable already: if the region cannot be reached, it catches up from this checkpoint's counts on its next change.</summary>
    private async Task TellRegionAsync(Delta delta)
    {
        try
        {
            await GrainFactory.Region(_region).ApplyAsync(new ChildChange(_id.Value, 0, _version, delta));
        }
        catch (Exception error) when (error is TimeoutException or OrleansException)
        {
            GrainLog.RegionUnreachable(Logger, _id.Value, _region.Value, error);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(_id, cancellationToken);
        ReplaceCounter(ScopeCounter.Restore(state.ShelterOccupants, state.LastRecordedAt, state.Rows));
        _version = state.Version;
        _durable.Clear();
        foreach (var (terminal, sequence) in state.DurableSequences)
        {
            _durable[terminal.Value] = sequence;
        }
    }

    private static List<CrossingEvent> Without(List<CrossingEvent> crossings, IReadOnlyList<int> indexes)
    {
        var skip = new HashSet<int>(indexes);
        var kept = new List<CrossingEvent>(crossings.Count - skip.Count);
        for (var i = 0; i < crossings.Count; i++)
        {
            if (!skip.Contains(i))
            {
                kept.Add(crossings[i]);
            }
        }
        return kept;
    }

    /// <summary>After a conflict: a short random pause, so two activations racing for one checkpoint stop colliding; gives up after <see cref="MaxAttempts"/>.</summary>
    private Task BackOffAsync(int attempt)
    {
        if (attempt + 1 >= MaxAttempts)
        {
            throw new InvalidOperationException($"Checkpoint {_id}: {MaxAttempts} commits in a row conflicted with another writer.");
        }
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 4))));
    }

    private static BatchOutcome Refused(BatchRefusal refusal, string reason) => new(0, 0, 0, refusal, reason);
}

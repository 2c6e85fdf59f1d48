using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using Grpc.Core;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Server.Watch;
using CheckpointGrid.Storage;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Counting;

/// <summary>
/// One checkpoint's live counts. Events become durable in the store first (group commit with
/// other checkpoints), then are counted, then handed on to the region as a <see cref="Delta"/>,
/// awaited, so once a call returns every level includes what it committed.
/// </summary>
public sealed class CheckpointGrain(CheckpointCatalog catalog, ICrossingStore store, TimeProvider time, IOptions<WatchOptions> watch)
    : CountingGrain(time, watch)
{
    // Invariants: Counter holds exactly the events committed to the store for this checkpoint,
    // and all of them have been handed to the region named by _region; _durable[t] is the
    // terminal's durable sequence in the store. Both change only after a commit succeeds.
    private readonly Dictionary<TerminalId, ulong> _durable = [];
    private readonly Dictionary<TerminalId, long> _streams = [];
    private CheckpointId _id;
    private RegionName _region;
    private long _lastStream;
    private Scope? _scope;

    protected override Scope Scope => _scope ??= new Scope { CheckpointId = Id.Key };

    protected override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = CheckpointId.Parse(Id.Key);
        _region = catalog.TryGet(_id, out var checkpoint)
            ? checkpoint.Region
            : throw new InvalidOperationException($"Checkpoint {_id} is not in the catalog.");
        var log = await store.LoadAsync(_id, cancellationToken);
        foreach (var crossing in log.Crossings)
        {
            Counter.Apply(crossing.Event, crossing.RecordedAt);
        }
        foreach (var (terminal, sequence) in log.DurableSequences)
        {
            _durable[terminal] = sequence;
        }
        // The region learns this checkpoint's counts once per process: the grain stays active (the
        // lease is never released), so it is never rebuilt and never hands its history on twice.
        KeepAlive();
        var history = Counter.ToDelta();
        if (!history.IsEmpty)
        {
            await GrainFactory.Region(_region).CallAsync(static (region, d) => region.ApplyAsync(d), history);
        }
    }

    /// <summary>A terminal opens a stream: the sequence expected next, and the stream's number (a newer stream aborts older ones).</summary>
    public Task<(ulong NextSequence, long Stream)> OpenStreamAsync(TerminalId terminal)
    {
        var stream = ++_lastStream;
        _streams[terminal] = stream;
        return Task.FromResult((_durable.GetValueOrDefault(terminal) + 1, stream));
    }

    /// <summary>
    /// Makes a terminal's batch durable and counts what is new. Sequences at or below the durable
    /// one are duplicates; a first sequence above the next expected one is a gap (FAILED_PRECONDITION).
    /// </summary>
    public async Task<BatchOutcome> IngestAsync(TerminalBatch batch)
    {
        if (_streams.GetValueOrDefault(batch.Terminal) != batch.Stream)
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"A newer stream was opened for terminal {batch.Terminal} at {_id}; this one is closed."));
        }
        var durable = _durable.GetValueOrDefault(batch.Terminal);
        if (batch.First > durable + 1)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Sequence gap: expected sequence {durable + 1}, got {batch.First}."));
        }
        if (batch.Last <= durable)
        {
            return new BatchOutcome(durable, 0, (uint)batch.Valid.Count);
        }
        var fresh = new List<CrossingEvent>(batch.Valid.Count);
        var duplicates = 0u;
        foreach (var crossing in batch.Valid)
        {
            if (crossing.Sequence > durable)
            {
                fresh.Add(crossing);
            }
            else
            {
                duplicates++;
            }
        }
        var (accepted, stored) = await CommitAndCountAsync(fresh, batch.Terminal, batch.Last);
        _durable[batch.Terminal] = batch.Last;
        return new BatchOutcome(batch.Last, accepted, duplicates + stored);
    }

    /// <summary>Records one event without a sequence (RecordCrossing); true when its event id was recorded before.</summary>
    public async Task<bool> RecordAsync(CrossingEvent crossing)
    {
        var (accepted, _) = await CommitAndCountAsync([crossing], terminal: null, durableThrough: null);
        return accepted == 0;
    }

    /// <summary>
    /// Moves this checkpoint's counts, past and future, to the region the catalog gives it now. Reading
    /// the catalog in the turn, not taking the region as an argument, keeps two quick changes from
    /// landing in the wrong order.
    /// </summary>
    public async Task FollowCatalogRegionAsync()
    {
        var region = catalog.TryGet(_id, out var checkpoint) ? checkpoint.Region : _region;
        if (region == _region)
        {
            return;
        }
        var counts = Counter.ToDelta();
        await GrainFactory.Region(_region).CallAsync(static (r, d) => r.MoveOutAsync(d), counts);
        await GrainFactory.Region(region).CallAsync(static (r, d) => r.MoveInAsync(d), counts);
        _region = region;
    }

    /// <summary>Shelter occupancy and the time of the last recorded event.</summary>
    public Task<(long Occupants, DateTimeOffset? LastRecordedAt)> GetStatusAsync() =>
        Task.FromResult((Counter.ShelterOccupants, Counter.LastRecordedAt));

    protected override uint? CatalogShelterCapacity() => catalog.TryGet(_id, out var checkpoint) ? checkpoint.ShelterCapacity : null;

    /// <summary>Commits, then counts the events the store found new and hands them to the region: (new, already stored).</summary>
    private async Task<(uint Accepted, uint Stored)> CommitAndCountAsync(List<CrossingEvent> crossings, TerminalId? terminal, ulong? durableThrough)
    {
        var now = Time.GetUtcNow();
        var isNew = await store.CommitAsync(new CrossingBatch(_id, terminal, durableThrough, crossings, now), CancellationToken.None);
        // Each new event is tallied once, into the delta, which this checkpoint then applies as its region does.
        var delta = new Delta();
        var accepted = 0u;
        for (var i = 0; i < crossings.Count; i++)
        {
            if (isNew[i])
            {
                delta.Add(crossings[i], now);
                accepted++;
            }
        }
        if (accepted > 0)
        {
            Counter.Apply(delta);
            CountsChanged();
            await GrainFactory.Region(_region).CallAsync(static (region, d) => region.ApplyAsync(d), delta);
        }
        return (accepted, (uint)crossings.Count - accepted);
    }
}

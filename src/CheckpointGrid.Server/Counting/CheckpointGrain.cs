using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Grains;
using CheckpointGrid.Server.Catalog;

namespace CheckpointGrid.Server.Counting;

/// <summary>
/// One checkpoint's live counts. It records events (dropping repeated event ids), and hands each
/// change on to its region as a <see cref="Delta"/>, awaited, so once a call returns the region and
/// the nation include it.
/// </summary>
public sealed class CheckpointGrain(CheckpointCatalog catalog, TimeProvider time) : Grain
{
    // Invariants: _counter holds exactly the events whose ids are in _eventIds, and every one of
    // them has been handed to the region named by _region.
    private readonly ScopeCounter _counter = new();
    private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
    private RegionName _region;

    protected override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = CheckpointId.Parse(Id.Key);
        _region = catalog.TryGet(id, out var checkpoint)
            ? checkpoint.Region
            : throw new InvalidOperationException($"Checkpoint {id} is not in the catalog.");
        // The counts live only in this activation until the durable store exists: never collect it.
        KeepAlive();
        return Task.CompletedTask;
    }

    /// <summary>Records a validated event; true when its event id was recorded before (then nothing changes).</summary>
    public async Task<bool> RecordAsync(CrossingEvent crossing)
    {
        if (!_eventIds.Add(crossing.EventId))
        {
            return true;
        }
        var now = time.GetUtcNow();
        _counter.Apply(crossing, now);
        var delta = new Delta();
        delta.Add(crossing, now);
        await GrainFactory.Region(_region).CallAsync(static (region, d) => region.ApplyAsync(d), delta);
        return false;
    }

    /// <summary>
    /// Moves this checkpoint's counts, past and future, to the region the catalog gives it now. Reading
    /// the catalog in the turn, not taking the region as an argument, keeps two quick changes from
    /// landing in the wrong order.
    /// </summary>
    public async Task FollowCatalogRegionAsync()
    {
        var region = catalog.TryGet(CheckpointId.Parse(Id.Key), out var checkpoint) ? checkpoint.Region : _region;
        if (region == _region)
        {
            return;
        }
        var counts = _counter.ToDelta();
        await GrainFactory.Region(_region).CallAsync(static (r, d) => r.MoveOutAsync(d), counts);
        await GrainFactory.Region(region).CallAsync(static (r, d) => r.MoveInAsync(d), counts);
        _region = region;
    }

    public Task<ScopeCounts> GetCountsAsync(uint? shelterCapacity)
    {
        _counter.SetShelterCapacity(shelterCapacity);
        return Task.FromResult(_counter.ToScopeCounts(new Scope { CheckpointId = Id.Key }, time.GetUtcNow()));
    }

    public Task<IReadOnlyList<TimeSeriesBucket>> GetTimeSeriesAsync(GetTimeSeriesRequest request) =>
        Task.FromResult(CountQueries.TimeSeries(_counter, request, time.GetUtcNow()));

    public Task<TopNationalitiesResponse> GetTopNationalitiesAsync(TopNationalitiesRequest request) =>
        Task.FromResult(CountQueries.TopNationalities(_counter, request, time.GetUtcNow()));

    /// <summary>Shelter occupancy and the time of the last recorded event.</summary>
    public Task<(long Occupants, DateTimeOffset? LastRecordedAt)> GetStatusAsync() =>
        Task.FromResult((_counter.ShelterOccupants, _counter.LastRecordedAt));
}

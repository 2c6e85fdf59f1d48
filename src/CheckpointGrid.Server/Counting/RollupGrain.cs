using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Grains;

namespace CheckpointGrid.Server.Counting;

/// <summary>A scope whose counts are the sum of the deltas handed to it: a region, or the nation.</summary>
public abstract class RollupGrain(TimeProvider time) : Grain
{
    // Invariant: Counter is the sum of every delta applied, less those moved out.
    protected ScopeCounter Counter { get; } = new();

    protected override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The sums live only in this activation until the durable store exists: never collect it.
        KeepAlive();
        return Task.CompletedTask;
    }

    public Task<ScopeCounts> GetCountsAsync(Scope scope, uint? shelterCapacity)
    {
        Counter.SetShelterCapacity(shelterCapacity);
        return Task.FromResult(Counter.ToScopeCounts(scope, time.GetUtcNow()));
    }

    public Task<IReadOnlyList<TimeSeriesBucket>> GetTimeSeriesAsync(GetTimeSeriesRequest request) =>
        Task.FromResult(CountQueries.TimeSeries(Counter, request, time.GetUtcNow()));

    public Task<TopNationalitiesResponse> GetTopNationalitiesAsync(TopNationalitiesRequest request) =>
        Task.FromResult(CountQueries.TopNationalities(Counter, request, time.GetUtcNow()));
}

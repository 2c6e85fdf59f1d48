using Orleans.Concurrency;
using CheckpointGrid.Abstractions.Watch;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Abstractions.Counting;

/// <summary>A grain holding one scope's live counts (a checkpoint, a region or the nation): queries, and watchers.</summary>
[Alias("cg.ICountingGrain")]
public interface ICountingGrain : IGrain
{
    [ReadOnly, Alias("GetCounts")]
    Task<ScopeCounts> GetCountsAsync();

    /// <summary>Throws <see cref="InvalidQueryException"/> for a window it cannot serve.</summary>
    [ReadOnly, Alias("GetTimeSeries")]
    Task<GetTimeSeriesResponse> GetTimeSeriesAsync(GetTimeSeriesRequest request);

    /// <inheritdoc cref="GetTimeSeriesAsync"/>
    [ReadOnly, Alias("GetTopNationalities")]
    Task<TopNationalitiesResponse> GetTopNationalitiesAsync(TopNationalitiesRequest request);

    /// <inheritdoc cref="GetTimeSeriesAsync"/>
    [ReadOnly, Alias("GetMonthlyReport")]
    Task<GetMonthlyReportResponse> GetMonthlyReportAsync(GetMonthlyReportRequest request);

    /// <summary>
    /// Subscribes (or renews) a silo's watch hub for this scope's publications, for <see cref="WatchTiming.SubscriptionExpiry"/>;
    /// returns the current values, which the hub serves at once.
    /// </summary>
    [Alias("Subscribe")]
    Task<ScopeUpdate> SubscribeAsync(IScopeObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IScopeObserver observer);

    /// <summary>The catalog changed what this scope serves (shelter capacity): publish the new values.</summary>
    [Alias("Refresh")]
    Task RefreshAsync();
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Grains.Counting;

/// <summary>The query requests, answered from one scope's counter (the same for every kind of grain).</summary>
internal static class CountQueries
{
    public static IReadOnlyList<TimeSeriesBucket> TimeSeries(ScopeCounter counter, GetTimeSeriesRequest request, DateTimeOffset now) =>
        counter.TimeSeries(request.Granularity, request.StartTime?.ToDateTimeOffset(), request.EndTime?.ToDateTimeOffset(), request.IncludeNationalities, now);

    public static TopNationalitiesResponse TopNationalities(ScopeCounter counter, TopNationalitiesRequest request, DateTimeOffset now) =>
        counter.TopNationalities(request.Limit, request.Movement, request.StartTime?.ToDateTimeOffset(), request.EndTime?.ToDateTimeOffset(), now);
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Grains;
using CheckpointGrid.Server.Watch;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Counting;

/// <summary>
/// A grain holding one scope's live counts (a checkpoint, a region or the nation): it serves them to
/// queries and publishes them to watchers. Publishing happens only while someone watches, after a
/// change, at most once per <see cref="WatchOptions.PublishInterval"/> whatever the number of
/// watchers, and when a new hour starts; it never waits for a watcher.
/// </summary>
public abstract class CountingGrain(TimeProvider time, IOptions<WatchOptions> watch) : Grain
{
    // Invariants: a subscriber is in _subscribers exactly while it holds a keep-alive lease, and is told
    // of every publication from its subscription on; _publishTimer is set while a throttled publication
    // is due; _feed.Latest, once published, holds values at most PublishInterval older than Counter's
    // (while subscribed).
    private readonly ScopeFeed _feed = new();
    private readonly Dictionary<IWatchSubscriber, IDisposable> _subscribers = [];
    private readonly TimeSpan _publishInterval = watch.Value.PublishInterval;
    private DateTimeOffset _lastPublished = DateTimeOffset.MinValue;
    private IDisposable? _publishTimer;
    private IDisposable? _hourTimer;

    /// <summary>The scope's counts; call <see cref="CountsChanged"/> after changing them.</summary>
    protected ScopeCounter Counter { get; } = new();

    protected TimeProvider Time => time;

    /// <summary>The scope, as served in <see cref="ScopeCounts.Scope"/>.</summary>
    protected abstract Scope Scope { get; }

    /// <summary>The scope's shelter capacity as the catalog has it now.</summary>
    protected abstract uint? CatalogShelterCapacity();

    public Task<ScopeCounts> GetCountsAsync()
    {
        Counter.SetShelterCapacity(CatalogShelterCapacity());
        return Task.FromResult(Counter.ToScopeCounts(Scope, time.GetUtcNow()));
    }

    public Task<IReadOnlyList<TimeSeriesBucket>> GetTimeSeriesAsync(GetTimeSeriesRequest request) =>
        Task.FromResult(CountQueries.TimeSeries(Counter, request, time.GetUtcNow()));

    public Task<TopNationalitiesResponse> GetTopNationalitiesAsync(TopNationalitiesRequest request) =>
        Task.FromResult(CountQueries.TopNationalities(Counter, request, time.GetUtcNow()));

    /// <summary>
    /// Starts telling <paramref name="subscriber"/> of publications, and keeps this grain active until it
    /// unsubscribes. The feed returned already holds the current values.
    /// </summary>
    public Task<ScopeFeed> SubscribeAsync(IWatchSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        if (!_subscribers.ContainsKey(subscriber))
        {
            _subscribers.Add(subscriber, KeepAlive());
        }
        var now = time.GetUtcNow();
        _hourTimer ??= RegisterTimer(static grain => grain.OnHourTickAsync(), this, UntilNextHour(now), Timeout.InfiniteTimeSpan);
        PublishIfChanged(now);
        return Task.FromResult(_feed);
    }

    public Task UnsubscribeAsync(IWatchSubscriber subscriber)
    {
        if (_subscribers.Remove(subscriber, out var lease))
        {
            lease.Dispose();
        }
        if (_subscribers.Count == 0)
        {
            _hourTimer?.Dispose();
            _hourTimer = null;
            _publishTimer?.Dispose();
            _publishTimer = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>Publishes at once if the values changed outside the counts, e.g. the catalog changed the shelter capacity.</summary>
    public Task RefreshAsync()
    {
        Counter.SetShelterCapacity(CatalogShelterCapacity());
        CountsChanged();
        return Task.CompletedTask;
    }

    /// <summary>To call after every change of <see cref="Counter"/>: publishes to watchers now, or once the publish interval since the last one has passed.</summary>
    protected void CountsChanged()
    {
        if (_subscribers.Count == 0 || _publishTimer is not null)
        {
            return;
        }
        var now = time.GetUtcNow();
        var sinceLast = now - _lastPublished;
        if (sinceLast >= _publishInterval)
        {
            PublishIfChanged(now);
        }
        else
        {
            _publishTimer = RegisterTimer(static grain => grain.OnPublishDueAsync(), this, _publishInterval - sinceLast, Timeout.InfiniteTimeSpan);
        }
    }

    private static TimeSpan UntilNextHour(DateTimeOffset now) => BucketTime.HourStart(now).AddHours(1) - now;

    private Task OnPublishDueAsync()
    {
        _publishTimer?.Dispose();
        _publishTimer = null;
        PublishIfChanged(time.GetUtcNow());
        return Task.CompletedTask;
    }

    private Task OnHourTickAsync()
    {
        var now = time.GetUtcNow();
        _hourTimer?.Dispose();
        _hourTimer = RegisterTimer(static grain => grain.OnHourTickAsync(), this, UntilNextHour(now), Timeout.InfiniteTimeSpan);
        PublishIfChanged(now);
        return Task.CompletedTask;
    }

    private void PublishIfChanged(DateTimeOffset now)
    {
        Counter.SetShelterCapacity(CatalogShelterCapacity());
        Counter.AdvanceClock(now);
        if (_feed.Latest?.Version == Counter.Version)
        {
            return;
        }
        _feed.Publish(Counter.ToScopeCounts(Scope, now));
        _lastPublished = now;
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.OnPublished();
        }
    }
}

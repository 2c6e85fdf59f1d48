using CheckpointGrid.Grains;
using CheckpointGrid.Abstractions.Watch;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Grains.Cluster;
using CheckpointGrid.Grains.Counting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Watch;

/// <summary>
/// This silo's watch hub. For every scope its watchers follow it holds one feed and one subscription with that
/// scope's grain (wherever it lives), renewed well inside the grain's expiry; the grain's one-way publications come in
/// through <see cref="OnPublished"/>. Opens the watch sessions of the gRPC Watch rpc and the dashboard's event stream.
/// </summary>
public sealed class WatchHub : IScopeObserver, IHostedService, IDisposable
{
    /// <summary>Least and greatest min_interval_ms a request may ask for; values outside are clamped.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc cref="MinInterval"/>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(60_000);

    // Invariant: _feeds holds a feed for each scope some session follows, subscribed with its grain.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Scope Scope, ScopeFeed Feed)> _feeds = new(StringComparer.Ordinal);
    private readonly CheckpointCatalog _catalog;
    private readonly IGrainFactory _grains;
    private readonly IOptions<WatchOptions> _options;
    private readonly TimeProvider _time;
    private readonly WatchMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IClusterMembershipService _membership;
    private readonly CancellationTokenSource _stopping = new();
    private IScopeObserver? _reference;
    private ITimer? _renewal;
    private Task? _followingMembership;

    public WatchHub(
        CheckpointCatalog catalog, IGrainFactory grains, IOptions<WatchOptions> options, [FromKeyedServices(GridClock.Key)] TimeProvider time, WatchMetrics metrics,
        IClusterMembershipService membership, ILogger<WatchHub> logger)
    {
        _membership = membership;
        _metrics = metrics;
        _logger = logger;
        _catalog = catalog;
        _grains = grains;
        _options = options;
        _time = time;
    }

    /// <summary>The sessions' instruments.</summary>
    internal WatchMetrics Metrics => _metrics;

    /// <summary>The sessions' logger.</summary>
    internal ILogger Logger => _logger;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = _grains.CreateObjectReference<IScopeObserver>(this);
        _renewal = _time.CreateTimer(static hub => _ = ((WatchHub)hub!).RenewAllAsync(), this, WatchTiming.RenewEvery, WatchTiming.RenewEvery);
        // A dead silo's scope grains come back elsewhere publishing to nobody: renew at once, not at the next period.
        _followingMembership = _membership.OnEachAsync(RenewAllAsync, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _renewal?.Dispose();
        await _stopping.CancelAsync();
        if (_followingMembership is not null)
        {
            await _followingMembership.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _renewal?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>A session for the request, to run; throws <see cref="RpcException"/> (INVALID_ARGUMENT, NOT_FOUND) when the request is wrong.</summary>
    public WatchSession Open(WatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var interval = request.MinIntervalMs == 0
            ? _options.Value.DefaultInterval
            : TimeSpan.FromMilliseconds(Math.Clamp(request.MinIntervalMs, MinInterval.TotalMilliseconds, MaxInterval.TotalMilliseconds));
        return request.TargetCase switch
        {
            WatchRequest.TargetOneofCase.Scope =>
                new WatchSession(this, Catalog.ScopeResolver.Check(_catalog, request.Scope, "scope"), interval, _options.Value, _time),
            WatchRequest.TargetOneofCase.AllCheckpoints => new WatchSession(this, _catalog, interval, _options.Value, _time),
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "target: required: set scope or all_checkpoints.")),
        };
    }

    public void OnPublished(ScopeUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        ScopeFeed? feed;
        lock (_gate)
        {
            feed = _feeds.TryGetValue(update.ScopeKey, out var held) ? held.Feed : null;
        }
        feed?.Offer(update);
    }

    /// <summary>Starts <paramref name="subscriber"/> following a scope; the feed returned already holds its current values.</summary>
    internal async Task<ScopeFeed> FollowAsync(Scope scope, IWatchSubscriber subscriber)
    {
        var key = ScopeKeys.Of(scope);
        ScopeFeed feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(key, out var held))
            {
                held = (scope.Clone(), new ScopeFeed());
                _feeds.Add(key, held);
            }
            feed = held.Feed;
            feed.Add(subscriber);
        }
        if (feed.Latest is null)
        {
            feed.Offer(await _grains.Counting(scope).SubscribeAsync(_reference!));
        }
        return feed;
    }

    /// <summary>Stops <paramref name="subscriber"/> following a scope; the last one out ends the hub's subscription.</summary>
    internal async Task LeaveAsync(Scope scope, IWatchSubscriber subscriber)
    {
        var key = ScopeKeys.Of(scope);
        lock (_gate)
        {
            if (!_feeds.TryGetValue(key, out var held) || !held.Feed.Remove(subscriber))
            {
                return;
            }
            _feeds.Remove(key);
        }
        await _grains.Counting(scope).UnsubscribeAsync(_reference!);
    }

    /// <summary>Renews every subscription (re-activating a grain that went away) and takes the current values, which heals a lost publication.</summary>
    private async Task RenewAllAsync()
    {
        List<(Scope Scope, ScopeFeed Feed)> followed;
        lock (_gate)
        {
            followed = [.. _feeds.Values];
        }
        foreach (var (scope, feed) in followed)
        {
            try
            {
                feed.Offer(await _grains.Counting(scope).SubscribeAsync(_reference!));
            }
            catch (Exception error) when (error is TimeoutException or OrleansException)
            {
                // The next renewal tries again.
            }
        }
    }
}

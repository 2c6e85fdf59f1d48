using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Abstractions.Watch;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Grains.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace CheckpointGrid.Grains.Counting;

/// <summary>
/// A grain holding one scope's live counts (a checkpoint, a region or the nation): it answers queries and publishes
/// to the silos' watch hubs. While a hub is subscribed, each change is published at most once per
/// <see cref="PublishingOptions.PublishInterval"/> (and each new hour, which changes the current buckets), as one-way
/// calls: a slow silo never stalls the grain.
/// </summary>
public abstract class CountingGrain(TimeProvider time, IOptions<PublishingOptions> options, GrainMetrics metrics, ILogger logger) : Grain, ICountingGrain
{
    // Invariants: Counter's version only grows, across activations too (it starts from the activation's time in
    // microseconds, so a new activation continues above any version an earlier one served); _published is what the
    // hubs were last told; _hourTimer runs exactly while some hub is subscribed.
    private readonly ObserverManager<IScopeObserver> _hubs = new(WatchTiming.SubscriptionExpiry, logger);
    private ScopeUpdate? _published;
    private Coalescer? _publisher;
    private IDisposable? _hourTimer;
    private DateTimeOffset _hourDue;
    private KeyValuePair<string, object?> _grainType;

    /// <summary>The scope's counts; replaced whole when a scope is restored or rebuilt (see <see cref="ReplaceCounter"/>).</summary>
    protected ScopeCounter Counter { get; private set; } = new();

    protected TimeProvider Time => time;

    protected ILogger Logger => logger;

    protected PublishingOptions Options => options.Value;

    protected GrainMetrics Metrics => metrics;

    /// <summary>This grain's type as a metric tag, built once per activation.</summary>
    protected KeyValuePair<string, object?> GrainTypeTag => _grainType;

    /// <summary>The scope, as served in <see cref="ScopeCounts.Scope"/>.</summary>
    protected abstract Scope Scope { get; }

    /// <summary>The scope's shelter capacity as the catalog has it now.</summary>
    protected abstract uint? CatalogShelterCapacity();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _grainType = GrainMetrics.GrainType(this);
        metrics.Activated(_grainType);
        Counter.ContinueVersionsFrom(VersionFloor());
        _publisher = new Coalescer(time, options.Value.PublishInterval, due => CallSelfAfter<ICountingGrain>(due, static grain => grain.RefreshAsync()), PublishIfChangedAsync);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Retire();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A subclass's activation failed after this class's <see cref="OnActivateAsync"/> ran: Orleans calls no
    /// <see cref="OnDeactivateAsync"/> for an activation that never became valid, so undo what it would.
    /// </summary>
    protected void ActivationFailed() => Retire();

    private void Retire()
    {
        // Timers of a clock call the grain back: none may outlive the activation (or the silo).
        _hourTimer?.Dispose();
        _publisher?.Cancel();
        metrics.Deactivated(_grainType);
    }

    public Task<ScopeCounts> GetCountsAsync() => Task.FromResult(CurrentCounts(time.GetUtcNow()));

    public Task<GetTimeSeriesResponse> GetTimeSeriesAsync(GetTimeSeriesRequest request)
    {
        var response = new GetTimeSeriesResponse();
        response.Buckets.AddRange(Query(() => CountQueries.TimeSeries(Counter, request, time.GetUtcNow())));
        return Task.FromResult(response);
    }

    public Task<TopNationalitiesResponse> GetTopNationalitiesAsync(TopNationalitiesRequest request) =>
        Task.FromResult(Query(() => CountQueries.TopNationalities(Counter, request, time.GetUtcNow())));

    public Task<GetMonthlyReportResponse> GetMonthlyReportAsync(GetMonthlyReportRequest request) =>
        Task.FromResult(new GetMonthlyReportResponse
        {
            Report = Query(() => Counter.MonthlyReport(Scope, request.Year, request.Month, request.Direction, time.GetUtcNow())),
        });

    public Task<ScopeUpdate> SubscribeAsync(IScopeObserver observer)
    {
        _hubs.Subscribe(observer, observer);
        var now = time.GetUtcNow();
        if (_hourTimer is null)
        {
            ArmHourTimer(now);
        }
        return Task.FromResult(Publication(now));
    }

    public Task UnsubscribeAsync(IScopeObserver observer)
    {
        _hubs.Unsubscribe(observer);
        StopPublishingIfUnwatched();
        return Task.CompletedTask;
    }

    /// <summary>Publishes now if the values changed: after a catalog change, when a held-back publication is due, and at each new hour.</summary>
    public Task RefreshAsync()
    {
        var now = time.GetUtcNow();
        if (_hubs.Count > 0 && now >= _hourDue)
        {
            // The hour timer fired (this call is it): arm the next one. Throttled publications leave it alone.
            ArmHourTimer(now);
        }
        return _publisher!.DueAsync();
    }

    /// <summary>To call after every change of <see cref="Counter"/>: publishes to watchers now, or once the publish interval since the last one has passed.</summary>
    protected Task CountsChanged() => _hubs.Count == 0 ? Task.CompletedTask : _publisher!.RequestAsync();

    /// <summary>
    /// After <paramref name="dueTime"/> on the grain's clock, calls this grain (a turn like any other). A grain timer
    /// would run on the silo's clock; the counts' hours and throttles follow the injected <see cref="TimeProvider"/>.
    /// </summary>
    private protected IDisposable CallSelfAfter<TGrain>(TimeSpan dueTime, Func<TGrain, Task> call)
        where TGrain : IGrain
    {
        var self = this.AsReference<TGrain>();
        // Once the silo is stopping, the call would be refused (and logged as an error by Orleans' messaging), and what
        // it was due to do — publish to watchers, forward to the nation — is moot: those rebuild after a restart.
        var stopping = ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return time.CreateTimer(
            static state =>
            {
                var (grain, call, stopping) = ((TGrain, Func<TGrain, Task>, CancellationToken))state!;
                if (!stopping.IsCancellationRequested)
                {
                    call(grain).Ignore();
                }
            },
            (self, call, stopping), dueTime, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Replaces the counts (a restore or a rebuild), keeping the version growing.</summary>
    protected void ReplaceCounter(ScopeCounter counter)
    {
        counter.ContinueVersionsFrom(Counter.Version + 1);
        Counter = counter;
    }

    private ScopeCounts CurrentCounts(DateTimeOffset now)
    {
        Counter.SetShelterCapacity(CatalogShelterCapacity());
        return Counter.ToScopeCounts(Scope, now);
    }

    /// <summary>The values to publish now: the last publication when nothing changed since.</summary>
    private ScopeUpdate Publication(DateTimeOffset now)
    {
        var counts = CurrentCounts(now);
        if (_published?.Version != counts.Version)
        {
            _published = new ScopeUpdate(ScopeKeys.Of(Scope), counts.Version, counts.ToByteArray());
        }
        return _published;
    }

    private Task PublishIfChangedAsync()
    {
        var before = _published;
        var update = Publication(time.GetUtcNow());
        if (!ReferenceEquals(before, update))
        {
            _hubs.Notify(hub => hub.OnPublished(update));
        }
        StopPublishingIfUnwatched();
        return Task.CompletedTask;
    }

    private void StopPublishingIfUnwatched()
    {
        _hubs.ClearExpired();
        if (_hubs.Count == 0)
        {
            _hourTimer?.Dispose();
            _hourTimer = null;
            _publisher!.Cancel();
        }
    }

    private void ArmHourTimer(DateTimeOffset now)
    {
        _hourTimer?.Dispose();
        _hourDue = BucketTime.HourStart(now).AddHours(1);
        _hourTimer = CallSelfAfter<ICountingGrain>(_hourDue - now, static grain => grain.RefreshAsync());
    }

    private ulong VersionFloor() => (ulong)(time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;

    private static T Query<T>(Func<T> query)
    {
        try
        {
            return query();
        }
        catch (QueryArgumentException error)
        {
            throw new InvalidQueryException(error.Message, error.IsOutOfRange);
        }
    }
}

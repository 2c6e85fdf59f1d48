using Microsoft.Extensions.DependencyInjection;
using CheckpointGrid.Abstractions.Catalog;
using CheckpointGrid.Abstractions.Watch;
using CheckpointGrid.Core.Catalog;
using CheckpointGrid.Grains.Cluster;
using CheckpointGrid.Storage;
using CheckpointGrid.Grains.Counting;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Grains.Catalog;

/// <summary>
/// Fills this silo's <see cref="CheckpointCatalog"/> from the store before the silo joins the cluster as active —
/// other silos place activations here from that moment, and a checkpoint or roll-up grain needs the catalog to
/// activate — then from the catalog grain as the silo becomes active (before its host serves anything), and keeps it
/// fresh: the grain tells it of each change, and it reads the whole catalog again and renews its subscription well
/// inside the subscription's expiry, which also heals a missed notice.
/// </summary>
public sealed class CatalogCacheRefresher(
    IGrainFactory grains, CheckpointCatalog cache, ICatalogStore store, [FromKeyedServices(GridClock.Key)] TimeProvider time,
    IClusterMembershipService membership)
    : ILifecycleParticipant<ISiloLifecycle>, ICatalogObserver, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private ICatalogObserver? _reference;
    private ITimer? _renewal;
    private Task? _followingMembership;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(CatalogCacheRefresher), ServiceLifecycleStage.BecomeActive - 1, LoadFromStoreAsync);
        lifecycle.Subscribe(nameof(CatalogCacheRefresher), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    /// <summary>The catalog as the store holds it; Panama's checkpoints while the catalog grain has yet to seed the store with them.</summary>
    private async Task LoadFromStoreAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadCatalogAsync(cancellationToken);
        cache.Set(stored.Count > 0 ? stored : DefaultCatalog.Checkpoints);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<ICatalogObserver>(this);
        await RefreshAsync().WaitAsync(cancellationToken);
        _renewal = time.CreateTimer(static state => _ = ((CatalogCacheRefresher)state!).RenewAsync(), this, WatchTiming.RenewEvery, WatchTiming.RenewEvery);
        // The catalog grain may have lived on a silo that died: subscribe to its new activation at once.
        _followingMembership = membership.OnEachAsync(RenewAsync, _stopping.Token);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _renewal?.Dispose();
        await _stopping.CancelAsync();
        if (_followingMembership is not null)
        {
            await _followingMembership.WaitAsync(cancellationToken);
        }
    }

    public void OnChanged(ProtoCheckpoint checkpoint)
    {
        if (CheckpointValidator.TryCreate(checkpoint, out var valid, out _))
        {
            cache.Set([valid]);
        }
    }

    public void Dispose()
    {
        _renewal?.Dispose();
        _stopping.Dispose();
    }

    private async Task RefreshAsync()
    {
        var catalog = grains.Catalog();
        await catalog.SubscribeAsync(_reference!);
        var checkpoints = new List<Checkpoint>();
        foreach (var checkpoint in await catalog.ListAsync())
        {
            if (CheckpointValidator.TryCreate(checkpoint, out var valid, out _))
            {
                checkpoints.Add(valid);
            }
        }
        cache.Set(checkpoints);
    }

    private async Task RenewAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception error) when (error is TimeoutException or OrleansException)
        {
            // The next renewal tries again; meanwhile the cache serves what it has.
        }
    }
}

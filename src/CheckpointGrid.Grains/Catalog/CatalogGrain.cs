using CheckpointGrid.Abstractions.Catalog;
using CheckpointGrid.Abstractions.Watch;
using CheckpointGrid.Core.Catalog;
using CheckpointGrid.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Grains.Catalog;

/// <summary>
/// The checkpoint catalog's one writer. Its state is in the store: seeded with Panama's real checkpoints the first
/// time, then every added or changed checkpoint is saved before the call returns, so it survives restarts (and the
/// counts acknowledged at an added checkpoint stay reachable). Silos' caches are told of each change.
/// </summary>
public sealed class CatalogGrain(ICatalogStore store, ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    // Invariant: _checkpoints is what the store holds, by id (ordinal).
    private readonly SortedDictionary<string, ProtoCheckpoint> _checkpoints = new(StringComparer.Ordinal);
    private readonly ObserverManager<ICatalogObserver> _caches = new(WatchTiming.SubscriptionExpiry, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadCatalogAsync(cancellationToken);
        if (stored.Count == 0)
        {
            foreach (var checkpoint in DefaultCatalog.Checkpoints)
            {
                await store.SaveCheckpointAsync(checkpoint, cancellationToken);
            }
            stored = DefaultCatalog.Checkpoints;
        }
        foreach (var checkpoint in stored)
        {
            _checkpoints[checkpoint.Id.Value] = checkpoint.ToProto();
        }
    }

    public Task<IReadOnlyList<ProtoCheckpoint>> ListAsync() => Task.FromResult<IReadOnlyList<ProtoCheckpoint>>([.. _checkpoints.Values]);

    public async Task<bool> AddAsync(ProtoCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (_checkpoints.ContainsKey(checkpoint.Id))
        {
            return false;
        }
        await SaveAsync(checkpoint);
        return true;
    }

    public async Task<bool> ReplaceAsync(ProtoCheckpoint current, ProtoCheckpoint updated)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (!_checkpoints.TryGetValue(updated.Id, out var held) || !held.Equals(current))
        {
            return false;
        }
        await SaveAsync(updated);
        return true;
    }

    public Task SubscribeAsync(ICatalogObserver observer)
    {
        _caches.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    private async Task SaveAsync(ProtoCheckpoint checkpoint)
    {
        if (!CheckpointValidator.TryCreate(checkpoint, out var valid, out var error))
        {
            throw new ArgumentException($"Not a valid checkpoint: {error}", nameof(checkpoint));
        }
        await store.SaveCheckpointAsync(valid, CancellationToken.None);
        _checkpoints[checkpoint.Id] = checkpoint;
        _caches.Notify(cache => cache.OnChanged(checkpoint));
    }
}

using Orleans.Concurrency;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Abstractions.Catalog;

/// <summary>The checkpoint catalog (one grain, key 0), persisted in the store; silos keep a read cache it keeps fresh.</summary>
[Alias("cg.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Every checkpoint, ordered by id.</summary>
    [ReadOnly, Alias("List")]
    Task<IReadOnlyList<Checkpoint>> ListAsync();

    /// <summary>Adds a valid checkpoint, durably; false when its id is taken.</summary>
    [Alias("Add")]
    Task<bool> AddAsync(Checkpoint checkpoint);

    /// <summary>Replaces <paramref name="current"/> by <paramref name="updated"/>, durably; false when the stored one is no longer <paramref name="current"/> (read again and retry).</summary>
    [Alias("Replace")]
    Task<bool> ReplaceAsync(Checkpoint current, Checkpoint updated);

    /// <summary>Tells <paramref name="observer"/> of every change from now on, for <see cref="Watch.WatchTiming.SubscriptionExpiry"/> (renew it).</summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(ICatalogObserver observer);
}

using CheckpointGrid.Core.Catalog;
using CheckpointGrid.Storage.Tests.Fixtures;
// Storage's own CheckpointState (a checkpoint's stored counts) is nearer by namespace than the catalog's enum.
using CatalogState = CheckpointGrid.Contracts.V1.CheckpointState;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>What every <see cref="ICatalogStore"/> must do; each store's test class says how to open (and reopen) it.</summary>
public abstract class CatalogStoreContract : IAsyncLifetime
{
    protected ICatalogStore Store { get; private set; } = null!;

    /// <summary>Opens the store under test, empty (a store may need a round trip to its server to open).</summary>
    protected abstract Task<ICatalogStore> OpenAsync();

    /// <summary>Closes <paramref name="store"/> and opens it again on the same data (a restart).</summary>
    protected abstract Task<ICatalogStore> ReopenAsync(ICatalogStore store);

    /// <summary>Closes the store and removes its data.</summary>
    protected abstract Task CloseAsync(ICatalogStore store);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public Task DisposeAsync() => CloseAsync(Store);

    [Fact]
    public async Task Catalog_never_saved_loads_empty()
    {
        Assert.Empty(await Store.LoadCatalogAsync(default).WithTimeout());
    }

    [Fact]
    public async Task Saved_checkpoints_load_whole_in_the_order_first_saved_and_survive_reopening()
    {
        var saved = DefaultCatalog.Checkpoints;
        foreach (var checkpoint in saved)
        {
            await Store.SaveCheckpointAsync(checkpoint, default).WithTimeout();
        }

        Assert.Equal(saved, await Store.LoadCatalogAsync(default).WithTimeout());
        Store = await ReopenAsync(Store);
        Assert.Equal(saved, await Store.LoadCatalogAsync(default).WithTimeout());
    }

    [Fact]
    public async Task Saving_a_checkpoint_again_replaces_it_in_its_place()
    {
        var first = DefaultCatalog.Checkpoints[0];
        var second = DefaultCatalog.Checkpoints[1] with { Location = new GeoLocation(8.5, -77.9, "approximate"), ShelterCapacity = 300 };
        await Store.SaveCheckpointAsync(first, default).WithTimeout();
        await Store.SaveCheckpointAsync(second, default).WithTimeout();

        var changed = first with { Name = "Renamed", Location = null, ShelterCapacity = null, State = CatalogState.Closed, Notes = "closed for repairs" };
        await Store.SaveCheckpointAsync(changed, default).WithTimeout();

        Assert.Equal(new Checkpoint[] { changed, second }, await Store.LoadCatalogAsync(default).WithTimeout());
        Store = await ReopenAsync(Store);
        Assert.Equal(new Checkpoint[] { changed, second }, await Store.LoadCatalogAsync(default).WithTimeout());
    }
}

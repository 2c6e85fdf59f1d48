namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The in-memory catalog against the contract. Its "reopen" keeps the same instance: memory is its only life.</summary>
public sealed class InMemoryCatalogStoreContractTests : CatalogStoreContract
{
    protected override Task<ICatalogStore> OpenAsync() => Task.FromResult<ICatalogStore>(new InMemoryCrossingStore());

    protected override Task<ICatalogStore> ReopenAsync(ICatalogStore store) => Task.FromResult(store);

    protected override Task CloseAsync(ICatalogStore store) => Task.CompletedTask;
}

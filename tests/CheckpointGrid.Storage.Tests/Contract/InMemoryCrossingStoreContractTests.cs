namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The reference store against the contract. Its "reopen" keeps the same instance: memory is its only life.</summary>
public sealed class InMemoryCrossingStoreContractTests : CrossingStoreContract
{
    protected override Task<ICrossingStore> OpenAsync() => Task.FromResult<ICrossingStore>(new InMemoryCrossingStore());

    protected override Task<ICrossingStore> ReopenAsync(ICrossingStore store) => Task.FromResult(store);

    protected override Task CloseAsync(ICrossingStore store) => Task.CompletedTask;
}

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The in-memory revocation list against the contract. Its "reopen" keeps the same instance: memory is its only life.</summary>
public sealed class InMemoryTokenRevocationStoreContractTests : TokenRevocationStoreContract
{
    protected override Task<ITokenRevocationStore> OpenAsync() => Task.FromResult<ITokenRevocationStore>(new InMemoryCrossingStore());

    protected override Task<ITokenRevocationStore> ReopenAsync(ITokenRevocationStore store) => Task.FromResult(store);

    protected override Task CloseAsync(ITokenRevocationStore store) => Task.CompletedTask;
}

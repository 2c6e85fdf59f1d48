using CheckpointGrid.Storage.Tests.Fixtures;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The SQLite revocation list against the contract, each test in its own data directory; reopening closes the file and opens it again.</summary>
public sealed class SqliteTokenRevocationStoreContractTests : TokenRevocationStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override Task<ITokenRevocationStore> OpenAsync() => Task.FromResult<ITokenRevocationStore>(SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = _directory.Path }));

    protected override async Task<ITokenRevocationStore> ReopenAsync(ITokenRevocationStore store)
    {
        await ((SqliteCrossingStore)store).DisposeAsync();
        return await OpenAsync();
    }

    protected override async Task CloseAsync(ITokenRevocationStore store) => await ((SqliteCrossingStore)store).DisposeAsync();
}

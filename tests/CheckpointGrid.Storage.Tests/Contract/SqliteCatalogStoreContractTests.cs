using CheckpointGrid.Storage.Tests.Fixtures;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The SQLite catalog against the contract, each test in its own data directory; reopening closes the file and opens it again.</summary>
public sealed class SqliteCatalogStoreContractTests : CatalogStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override Task<ICatalogStore> OpenAsync() => Task.FromResult<ICatalogStore>(SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = _directory.Path }));

    protected override async Task<ICatalogStore> ReopenAsync(ICatalogStore store)
    {
        await ((SqliteCrossingStore)store).DisposeAsync();
        return await OpenAsync();
    }

    protected override async Task CloseAsync(ICatalogStore store) => await ((SqliteCrossingStore)store).DisposeAsync();
}

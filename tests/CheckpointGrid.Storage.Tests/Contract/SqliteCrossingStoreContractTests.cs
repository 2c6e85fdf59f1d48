using CheckpointGrid.Storage.Tests.Fixtures;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The SQLite store against the contract, each test in its own data directory; reopening closes the file and opens it again.</summary>
public sealed class SqliteCrossingStoreContractTests : CrossingStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override Task<ICrossingStore> OpenAsync() => Task.FromResult<ICrossingStore>(SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = _directory.Path }));

    protected override async Task<ICrossingStore> ReopenAsync(ICrossingStore store)
    {
        await ((SqliteCrossingStore)store).DisposeAsync();
        return await OpenAsync();
    }

    protected override async Task CloseAsync(ICrossingStore store) => await ((SqliteCrossingStore)store).DisposeAsync();
}

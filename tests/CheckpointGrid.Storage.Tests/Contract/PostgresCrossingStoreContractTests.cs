using CheckpointGrid.Storage.Tests.Postgres;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The PostgreSQL store against the contract, each test in a database of its own; reopening closes the store and opens another on the same database.</summary>
public sealed class PostgresCrossingStoreContractTests(PostgresServer server) : CrossingStoreContract, IClassFixture<PostgresServer>
{
    private PostgresStoreOptions? _options;

    protected override async Task<ICrossingStore> OpenAsync() => await PostgresCrossingStore.OpenAsync(_options ??= await server.NewDatabaseAsync());

    protected override async Task<ICrossingStore> ReopenAsync(ICrossingStore store)
    {
        await ((PostgresCrossingStore)store).DisposeAsync();
        return await OpenAsync();
    }

    protected override async Task CloseAsync(ICrossingStore store) => await ((PostgresCrossingStore)store).DisposeAsync();
}

using CheckpointGrid.Storage.Tests.Postgres;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The PostgreSQL catalog against the contract, each test in a database of its own; reopening closes the store and opens another on the same database.</summary>
public sealed class PostgresCatalogStoreContractTests(PostgresServer server) : CatalogStoreContract, IClassFixture<PostgresServer>
{
    private PostgresStoreOptions? _options;

    protected override async Task<ICatalogStore> OpenAsync() => await PostgresCrossingStore.OpenAsync(_options ??= await server.NewDatabaseAsync());

    protected override async Task<ICatalogStore> ReopenAsync(ICatalogStore store)
    {
        await ((PostgresCrossingStore)store).DisposeAsync();
        return await OpenAsync();
    }

    protected override async Task CloseAsync(ICatalogStore store) => await ((PostgresCrossingStore)store).DisposeAsync();
}

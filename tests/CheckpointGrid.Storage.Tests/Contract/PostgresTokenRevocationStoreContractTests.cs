using CheckpointGrid.Storage.Tests.Postgres;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The PostgreSQL revocation list against the contract, each test in a database of its own; reopening closes the store and opens another on the same database.</summary>
public sealed class PostgresTokenRevocationStoreContractTests(PostgresServer server) : TokenRevocationStoreContract, IClassFixture<PostgresServer>
{
    private PostgresStoreOptions? _options;

    protected override async Task<ITokenRevocationStore> OpenAsync() => await PostgresCrossingStore.OpenAsync(_options ??= await server.NewDatabaseAsync());

    protected override async Task<ITokenRevocationStore> ReopenAsync(ITokenRevocationStore store)
    {
        await ((PostgresCrossingStore)store).DisposeAsync();
        return await OpenAsync();
    }

    protected override async Task CloseAsync(ITokenRevocationStore store) => await ((PostgresCrossingStore)store).DisposeAsync();
}

using CheckpointGrid.Storage.Postgres;
using CheckpointGrid.Storage.Tests.Postgres;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>The PostgreSQL store against the contract, each test in a database of its own; reopening closes the store and opens another on the same database.</summary>
public class PostgresCrossingStoreContractTests(PostgresServer server) : CrossingStoreContract, IClassFixture<PostgresServer>
{
    private PostgresStoreOptions? _options;

    /// <summary>How the store under test writes its events.</summary>
    private protected virtual PostgresEventWrite EventWrite => PostgresEventWrite.Insert;

    protected override async Task<ICrossingStore> OpenAsync()
    {
        if (_options is null)
        {
            _options = await server.NewDatabaseAsync();
            _options.EventWrite = EventWrite;
        }
        return await PostgresCrossingStore.OpenAsync(_options);
    }

    protected override async Task<ICrossingStore> ReopenAsync(ICrossingStore store)
    {
        await ((PostgresCrossingStore)store).DisposeAsync();
        return await OpenAsync();
    }

    protected override async Task CloseAsync(ICrossingStore store) => await ((PostgresCrossingStore)store).DisposeAsync();
}

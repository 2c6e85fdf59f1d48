using CheckpointGrid.Storage.Tests.Fixtures;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>The PostgreSQL store's schema: created at open, once, however many silos open a new database together; a newer one refused.</summary>
public sealed class PostgresSchemaTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Three_silos_opening_a_new_database_at_once_all_open_on_one_schema()
    {
        // Several rounds, each a new database: without the migration lock, concurrent CREATE TABLEs collide now and then.
        for (var round = 0; round < 4; round++)
        {
            var options = await server.NewDatabaseAsync();
            using var start = new SemaphoreSlim(0);
            var opening = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await PostgresCrossingStore.OpenAsync(options);
            })).ToArray();
            start.Release(3);
            var silos = await Task.WhenAll(opening).WithTimeout();
            try
            {
                Assert.Equal(1, await PostgresRaw.ScalarAsync(options.ConnectionString, "SELECT version FROM store_schema"));
                Assert.Equal(1L, await PostgresRaw.ScalarAsync(options.ConnectionString, "SELECT count(*) FROM store_schema"));
                var writer = new CheckpointWriter(SanVicente);
                StoreAssert.Committed(await writer.StreamAsync(silos[0], Laptop1, 1, Event("a", Laptop1, 1)));
                StoreAssert.Holds(writer.Counter, await silos[2].LoadAsync(SanVicente, default).WithTimeout());
            }
            finally
            {
                foreach (var silo in silos)
                {
                    await silo.DisposeAsync();
                }
            }
        }
    }

    [Fact]
    public async Task Reopening_keeps_the_schema_and_the_data()
    {
        var options = await server.NewDatabaseAsync();
        var writer = new CheckpointWriter(SanVicente);
        await using (var store = await PostgresCrossingStore.OpenAsync(options))
        {
            StoreAssert.Committed(await writer.StreamAsync(store, Laptop1, 1, Event("a", Laptop1, 1)));
        }

        await using var reopened = await PostgresCrossingStore.OpenAsync(options);

        StoreAssert.Holds(writer.Counter, await reopened.LoadAsync(SanVicente, default).WithTimeout());
        Assert.Equal(1, await PostgresRaw.ScalarAsync(options.ConnectionString, "SELECT version FROM store_schema"));
    }

    [Fact]
    public async Task Database_with_a_newer_schema_is_refused()
    {
        var options = await server.NewDatabaseAsync();
        await (await PostgresCrossingStore.OpenAsync(options)).DisposeAsync();
        await PostgresRaw.ScalarAsync(options.ConnectionString, "UPDATE store_schema SET version = 99");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresCrossingStore.OpenAsync(options));

        Assert.Contains("schema version 99", refused.Message, StringComparison.Ordinal);
        Assert.Contains("up to 1", refused.Message, StringComparison.Ordinal);
    }
}

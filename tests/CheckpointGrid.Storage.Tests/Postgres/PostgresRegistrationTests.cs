using CheckpointGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>Adding the PostgreSQL store to a host: options from Storage:Postgres, opened (schema ready) at start, one instance for the three stores, closed with the host.</summary>
public sealed class PostgresRegistrationTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Host_opens_the_store_from_configuration_at_start_and_closes_it_when_disposed()
    {
        var options = await server.NewDatabaseAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Postgres:ConnectionString"] = options.ConnectionString,
            ["Storage:Postgres:MaxBatchesPerTransaction"] = "64",
        });
        builder.Services.Configure<PostgresStoreOptions>(builder.Configuration.GetSection(PostgresStoreOptions.SectionName));
        builder.Services.AddPostgresCrossingStore();
        var host = builder.Build();

        await host.StartAsync().WithTimeout();
        // The schema is there once the host has started.
        Assert.Equal(1, await PostgresRaw.ScalarAsync(options.ConnectionString, "SELECT version FROM store_schema"));
        Assert.Equal(64, host.Services.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.MaxBatchesPerTransaction);
        var store = host.Services.GetRequiredService<ICrossingStore>();
        Assert.IsType<PostgresCrossingStore>(store);
        Assert.Same(store, host.Services.GetRequiredService<ICatalogStore>());
        Assert.Same(store, host.Services.GetRequiredService<ITokenRevocationStore>());
        var writer = new CheckpointWriter(SanVicente);
        StoreAssert.Committed(await writer.StreamAsync(store, Laptop1, 1, Event("a", Laptop1, 1)));
        var committed = await store.LoadAsync(SanVicente, default).WithTimeout();
        await host.StopAsync().WithTimeout();
        await ((IAsyncDisposable)host).DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadAsync(SanVicente, default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CommitAsync(writer.Stream(Laptop1, 2, Event("b", Laptop1, 2)), default));
        await using var reopened = await PostgresCrossingStore.OpenAsync(options);
        var reloaded = await reopened.LoadAsync(SanVicente, default).WithTimeout();
        Assert.Equal(1UL, reloaded.Version);
        Assert.Equal(StoreAssert.Sorted(committed.Rows), StoreAssert.Sorted(reloaded.Rows));
    }

    [Theory]
    [InlineData("", "ConnectionString must be set")]
    [InlineData("Host=127.0.0.1;Bogus=1", "ConnectionString is not a valid Npgsql connection string")]
    [InlineData("Database=grid", "ConnectionString is not a valid Npgsql connection string: it names no Host")]
    public async Task Invalid_connection_string_stops_the_host_naming_the_setting(string connectionString, string expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPostgresCrossingStore(options => options.ConnectionString = connectionString);
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"Storage:Postgres:{expected}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_batch_settings_stop_the_host_naming_them()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPostgresCrossingStore(options =>
        {
            options.ConnectionString = "Host=127.0.0.1";
            options.MaxBatchesPerTransaction = 0;
            options.QueueCapacity = -1;
        });
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Storage:Postgres:MaxBatchesPerTransaction must be 1 to 65536", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Postgres:QueueCapacity must be 1 to 1048576", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_database_stops_the_host_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // The server's port, on a database that does not exist.
        var connectionString = server.Instance.ConnectionString("no_such_database");
        builder.Services.AddPostgresCrossingStore(options => options.ConnectionString = connectionString);
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => host.StartAsync().WithTimeout());

        Assert.Equal(PostgresErrorCodes.InvalidCatalogName, refused.SqlState);
    }
}

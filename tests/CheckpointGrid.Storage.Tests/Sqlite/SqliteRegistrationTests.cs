using CheckpointGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Sqlite;

/// <summary>Adding the SQLite store to a host: opened at start, closed with the host, one instance for events and catalog.</summary>
public sealed class SqliteRegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Host_opens_the_store_at_start_and_closes_it_when_disposed()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSqliteCrossingStore(_directory.Path);
        var host = builder.Build();

        await host.StartAsync().WithTimeout();
        Assert.True(File.Exists(Path.Combine(_directory.Path, "checkpointgrid.db")));
        var store = host.Services.GetRequiredService<ICrossingStore>();
        Assert.IsType<SqliteCrossingStore>(store);
        Assert.Same(store, host.Services.GetRequiredService<ICatalogStore>());
        Assert.Same(store, host.Services.GetRequiredService<ITokenRevocationStore>());
        var writer = new CheckpointWriter(SanVicente);
        StoreAssert.Committed(await writer.StreamAsync(store, Laptop1, 1, Event("a", Laptop1, 1)));
        await host.StopAsync().WithTimeout();
        await ((IAsyncDisposable)host).DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadAsync(SanVicente, default));
        await using var reopened = SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = _directory.Path });
        StoreAssert.Holds(writer.Counter, await reopened.LoadAsync(SanVicente, default).WithTimeout());
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_from_starting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSqliteCrossingStore(options =>
        {
            options.DataDirectory = _directory.Path;
            options.MaxBatchesPerTransaction = -1;
        });
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MaxBatchesPerTransaction", refused.Message, StringComparison.Ordinal);
    }
}

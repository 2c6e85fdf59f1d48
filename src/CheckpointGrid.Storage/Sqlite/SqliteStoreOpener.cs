using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>Opens the SQLite store when the host starts, so a bad data directory or a newer schema stops start-up rather than the first event.</summary>
internal sealed class SqliteStoreOpener(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<SqliteCrossingStore>();
        return Task.CompletedTask;
    }

    // The container disposes the store, after every hosted service (the grains among them) has stopped.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

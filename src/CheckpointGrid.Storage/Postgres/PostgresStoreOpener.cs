using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>Opens the PostgreSQL store when the host starts and waits for its schema, so an unreachable database or a newer schema stops start-up rather than the first event.</summary>
internal sealed class PostgresStoreOpener(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<PostgresCrossingStore>().Ready.WaitAsync(cancellationToken);

    // The container disposes the store, after every hosted service (the grains among them) has stopped.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

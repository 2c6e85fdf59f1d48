using Microsoft.Extensions.Hosting;

namespace CheckpointGrid.Grains.Catalog;

/// <summary>Runs the idle collector while the host runs, and deactivates every grain when it stops.</summary>
internal sealed class GrainRuntimeService(GrainCatalog catalog, ActivationCollector collector) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        collector.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        collector.Dispose();
        return catalog.StopAsync(cancellationToken);
    }
}

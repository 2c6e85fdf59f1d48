using CheckpointGrid.Grains;
using CheckpointGrid.Server.Catalog;

namespace CheckpointGrid.Server.Counting;

/// <summary>
/// Activates every checkpoint's grain at start, so each rebuilds its counts from the store and hands
/// them to its region: regional and national totals are whole before the server reports SERVING.
/// </summary>
internal sealed class CountsWarmup(CheckpointCatalog catalog, IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var activations = new List<Task>();
        foreach (var checkpoint in catalog.All)
        {
            activations.Add(grains.Checkpoint(checkpoint.Id).CallAsync(static g => g.GetStatusAsync()));
        }
        return Task.WhenAll(activations).WaitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

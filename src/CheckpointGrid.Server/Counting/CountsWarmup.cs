using CheckpointGrid.Grains.Counting;

namespace CheckpointGrid.Server.Counting;

/// <summary>
/// Activates the nation at start, which builds itself from every region, each from its checkpoints' stored counts:
/// the totals are warm before the server reports SERVING.
/// </summary>
internal sealed class CountsWarmup(IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => grains.Nation().GetCountsAsync().WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

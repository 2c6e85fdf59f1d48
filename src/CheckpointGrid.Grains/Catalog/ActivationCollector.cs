using CheckpointGrid.Grains.Diagnostics;

namespace CheckpointGrid.Grains.Catalog;

/// <summary>Every <see cref="GrainOptions.CollectionInterval"/>, asks the activations idle for <see cref="GrainOptions.IdleAge"/> to deactivate.</summary>
internal sealed class ActivationCollector(GrainCatalog catalog) : IDisposable
{
    private ITimer? _timer;

    public void Start()
    {
        var interval = catalog.Options.CollectionInterval;
        _timer ??= catalog.Time.CreateTimer(static collector => ((ActivationCollector)collector!).Collect(), this, interval, interval);
    }

    public void Dispose() => _timer?.Dispose();

    private void Collect()
    {
        var asked = catalog.RequestIdleDeactivations();
        if (asked > 0)
        {
            GrainLog.Collected(catalog.Logger, asked);
        }
    }
}

using System.Diagnostics.Metrics;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Catalog;
using CheckpointGrid.Grains.Counting;
using CheckpointGrid.Grains.Diagnostics;
using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Grains.Tests.Counting;

/// <summary>The active-grains gauge the status command shows: an activation that fails leaves it where it was.</summary>
public sealed class ActivationMetricsTests
{
    private static readonly CheckpointId Failing = CheckpointId.Parse("PA-DAR-SVC");
    private static readonly CheckpointId Working = CheckpointId.Parse("PA-DAR-LJB");

    [Fact]
    public async Task A_checkpoint_whose_counts_cannot_be_loaded_is_not_counted_active()
    {
        var store = new LoadFailsFor(Failing, new InMemoryCrossingStore());
        await using var cluster = await GrainCluster.StartAsync(1, store);
        var meters = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IMeterFactory>();
        using var active = new ActiveGauge(meters);

        await Assert.ThrowsAnyAsync<Exception>(() => cluster.Grains.Checkpoint(Failing).GetCountsAsync());
        Assert.Equal(0, active.Of("CheckpointGrain"));

        await cluster.Grains.Checkpoint(Working).GetCountsAsync();
        Assert.Equal(1, active.Of("CheckpointGrain"));
    }

    /// <summary>The sum of the silo's checkpointgrid.grains.active by grain type, heard from its own meter factory only.</summary>
    private sealed class ActiveGauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _byType = new(StringComparer.Ordinal);

        public ActiveGauge(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == GrainMetrics.ActiveName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == GrainMetrics.GrainTypeTag && tag.Value is string type)
                    {
                        lock (_byType)
                        {
                            _byType[type] = _byType.GetValueOrDefault(type) + value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public long Of(string grainType)
        {
            lock (_byType)
            {
                return _byType.GetValueOrDefault(grainType);
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>The in-memory store, except that loading one checkpoint fails as a lost database would.</summary>
    private sealed class LoadFailsFor(CheckpointId failing, InMemoryCrossingStore inner) : ICrossingStore, ICatalogStore
    {
        public Task<CheckpointState> LoadAsync(CheckpointId checkpoint, CancellationToken cancellationToken) =>
            checkpoint == failing ? throw new InvalidOperationException("The database is unreachable.") : inner.LoadAsync(checkpoint, cancellationToken);

        public Task<CommitResult> CommitAsync(CrossingBatch batch, CancellationToken cancellationToken) => inner.CommitAsync(batch, cancellationToken);

        public Task<IReadOnlyList<Checkpoint>> LoadCatalogAsync(CancellationToken cancellationToken) => inner.LoadCatalogAsync(cancellationToken);

        public Task SaveCheckpointAsync(Checkpoint checkpoint, CancellationToken cancellationToken) => inner.SaveCheckpointAsync(checkpoint, cancellationToken);
    }
}

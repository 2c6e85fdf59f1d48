using Orleans.Concurrency;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Abstractions.Catalog;

/// <summary>A silo's catalog cache, told of each added or changed checkpoint.</summary>
[Alias("cg.ICatalogObserver")]
public interface ICatalogObserver : IGrainObserver
{
    [OneWay, Alias("OnChanged")]
    void OnChanged(Checkpoint checkpoint);
}

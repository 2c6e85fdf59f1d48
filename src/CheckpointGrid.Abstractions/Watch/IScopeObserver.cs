using Orleans.Concurrency;
namespace CheckpointGrid.Abstractions.Watch;

/// <summary>A silo's watch hub, as a counting grain sees it: told of each publication, never awaited.</summary>
[Alias("cg.IScopeObserver")]
public interface IScopeObserver : IGrainObserver
{
    [OneWay, Alias("OnPublished")]
    void OnPublished(ScopeUpdate update);
}

namespace CheckpointGrid.Server.Watch;

/// <summary>A watcher, as the counting grains see it: told that a scope it watches published new values.</summary>
public interface IWatchSubscriber
{
    /// <summary>New values are in the scope's <see cref="ScopeFeed"/>. Called in the grain's turn: must return at once, never block.</summary>
    void OnPublished();
}

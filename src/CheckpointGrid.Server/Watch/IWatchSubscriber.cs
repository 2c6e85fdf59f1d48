namespace CheckpointGrid.Server.Watch;

/// <summary>A watcher, as its scopes' feeds see it: told that new values arrived.</summary>
public interface IWatchSubscriber
{
    /// <summary>New values are in the scope's <see cref="ScopeFeed"/>. Must return at once, never block.</summary>
    void OnPublished();
}

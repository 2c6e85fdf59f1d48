using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Server.Watch;

/// <summary>
/// The latest values a counting grain published for its scope. The grain replaces them in its turns;
/// watchers read them from any thread, so published values are never changed again.
/// Holding only the latest is what coalesces: a watcher that reads late skips the values in between.
/// </summary>
public sealed class ScopeFeed
{
    private PublishedScope? _latest;

    /// <summary>The values last published; null before the first subscriber arrived.</summary>
    public PublishedScope? Latest => Volatile.Read(ref _latest);

    internal void Publish(ScopeCounts counts) => Volatile.Write(ref _latest, new PublishedScope(counts));
}

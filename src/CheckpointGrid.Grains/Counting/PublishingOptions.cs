namespace CheckpointGrid.Grains.Counting;

/// <summary>How counting grains publish to watchers and forward to their parents (configuration section "Watch").</summary>
public sealed class PublishingOptions
{
    public const string Section = "Watch";

    /// <summary>
    /// Least time between two publications of a scope's values, however many watch it: what watching costs ingestion is
    /// bounded by this, not by the number of watchers. Keep it at or below the least min_interval_ms a request may ask for (50 ms).
    /// </summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a region forwards its checkpoints' changes to the nation, coalesced: the nation's load is bounded by the number of regions, not by the event rate.</summary>
    public TimeSpan NationForwardInterval { get; set; } = TimeSpan.FromMilliseconds(25);
}

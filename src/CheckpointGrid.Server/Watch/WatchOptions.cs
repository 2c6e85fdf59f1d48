namespace CheckpointGrid.Server.Watch;

/// <summary>Timing of the Watch streams (configuration section "Watch").</summary>
public sealed class WatchOptions
{
    public const string Section = "Watch";

    /// <summary>Least time between two updates when the request leaves min_interval_ms at 0.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Least time between two publications of a scope's values by its grain, however many watch it: what
    /// watching costs ingestion is bounded by this, not by the number of watchers. Keep it at or below the
    /// least min_interval_ms a request may ask for (50 ms).
    /// </summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>A heartbeat is sent when nothing else was sent for this long.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A watcher whose client took longer than this to take a message (its transport buffers were full) has
    /// fallen behind: its next message is a fresh snapshot instead of an update.
    /// </summary>
    public TimeSpan ResyncAfter { get; set; } = TimeSpan.FromSeconds(5);
}

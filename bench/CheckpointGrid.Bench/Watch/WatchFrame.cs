namespace CheckpointGrid.Bench.Watch;

/// <summary>
/// A dashboard's view of one Watch message, taken off the wire without decoding: whether it is a snapshot.
/// Two shared instances, so reading a message allocates nothing of the bench's own.
/// </summary>
internal sealed class WatchFrame
{
    public static readonly WatchFrame Snapshot = new();

    public static readonly WatchFrame Other = new();

    private WatchFrame()
    {
    }
}

namespace CheckpointGrid.Grains;

/// <summary>
/// The key of the clock the domain runs on — when events are recorded, hours and days, throttles — as a keyed
/// <see cref="TimeProvider"/> service. Kept apart from the unkeyed TimeProvider that Orleans itself runs on, so a test
/// can drive the domain's clock by hand without stopping the silo's own (membership, messaging, its watchdog).
/// </summary>
public static class GridClock
{
    public const string Key = "checkpointgrid.clock";
}

using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core;

/// <summary>Converts protobuf timestamps to UTC ticks without allocating (the hot path reads one per event).</summary>
internal static class TimestampTicks
{
    /// <summary>Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z since the Unix epoch: the range DateTime can hold.</summary>
    public const long MinSeconds = -62_135_596_800;
    public const long MaxSeconds = 253_402_300_799;

    /// <summary>Whether seconds and nanos are within the ranges the Timestamp type defines.</summary>
    public static bool IsWellFormed(Timestamp timestamp) =>
        timestamp.Seconds is >= MinSeconds and <= MaxSeconds && timestamp.Nanos is >= 0 and <= 999_999_999;

    /// <summary>UTC ticks (DateTime's, from year 1) of a well-formed timestamp.</summary>
    public static long Of(Timestamp timestamp) =>
        DateTime.UnixEpoch.Ticks + (timestamp.Seconds * TimeSpan.TicksPerSecond) + (timestamp.Nanos / 100);
}

using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Storage;

/// <summary>
/// Instants as whole nanoseconds since the Unix epoch, the form stores keep them in: one integer
/// column that orders and compares like the instant, and round-trips a protobuf Timestamp exactly.
/// The range is what a signed 64-bit count can hold, about 1678 to 2261.
/// </summary>
internal static class UnixNanoseconds
{
    private const long NanosPerSecond = 1_000_000_000;
    private const long NanosPerTick = 100;

    /// <summary>Whole seconds of the earliest and latest instants held (a margin of one second keeps nanos in range).</summary>
    public const long MinSeconds = (long.MinValue / NanosPerSecond) + 1;
    public const long MaxSeconds = (long.MaxValue / NanosPerSecond) - 1;

    private static readonly long MinTicks = DateTime.UnixEpoch.Ticks + (MinSeconds * TimeSpan.TicksPerSecond);
    private static readonly long MaxTicks = DateTime.UnixEpoch.Ticks + (MaxSeconds * TimeSpan.TicksPerSecond);

    /// <summary>Whether the timestamp is well formed and within the range.</summary>
    public static bool CanHold(Timestamp timestamp) =>
        timestamp.Seconds is >= MinSeconds and <= MaxSeconds && timestamp.Nanos is >= 0 and < (int)NanosPerSecond;

    /// <summary>Whether the instant is within the range.</summary>
    public static bool CanHold(DateTimeOffset instant) => instant.UtcTicks >= MinTicks && instant.UtcTicks <= MaxTicks;

    public static long From(Timestamp timestamp) => (timestamp.Seconds * NanosPerSecond) + timestamp.Nanos;

    public static long From(DateTimeOffset instant) => (instant.UtcTicks - DateTime.UnixEpoch.Ticks) * NanosPerTick;

    public static Timestamp ToTimestamp(long nanoseconds)
    {
        var seconds = Math.DivRem(nanoseconds, NanosPerSecond, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += NanosPerSecond;
        }
        return new Timestamp { Seconds = seconds, Nanos = (int)nanos };
    }

    /// <summary>The instant in UTC (stores keep no offset; DateTimeOffset equality ignores it anyway).</summary>
    public static DateTimeOffset ToDateTimeOffset(long nanoseconds) =>
        new(DateTime.UnixEpoch.Ticks + (nanoseconds / NanosPerTick), TimeSpan.Zero);
}

namespace CheckpointGrid.Cli.Agent;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits between half and all of
/// min(max, initial·2ⁿ), so terminals that lost the same server do not all return at once, and
/// none returns at once.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    /// <summary>The wait before reconnect attempt <paramref name="attempt"/> (0 for the first after a failure).</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var ceiling = Ceiling(attempt);
        var half = ceiling.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(random.NextDouble() * (ceiling.Ticks - half)));
    }

    /// <summary>The longest wait of an attempt: min(max, initial·2ⁿ).</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 62));
        var ticks = initial.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}

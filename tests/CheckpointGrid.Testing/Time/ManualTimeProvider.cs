namespace CheckpointGrid.Testing.Time;

/// <summary>
/// A TimeProvider whose clock moves only when a test advances it. Timers due within an advance fire in
/// due order, on the advancing thread, with the clock set to their due time.
/// (Microsoft.Extensions.TimeProvider.Testing is not on the package feed.)
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal Lock Gate { get; } = new();

    /// <summary>Timers created and not yet disposed.</summary>
    public int TimerCount
    {
        get
        {
            lock (Gate)
            {
                return _timers.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (Gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (Gate)
        {
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (Gate)
        {
            target = _now + by;
        }
        while (true)
        {
            ManualTimer? next = null;
            lock (Gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.DueAt is { } due && due <= target && (next is null || due < next.DueAt))
                    {
                        next = timer;
                    }
                }
                if (next is null)
                {
                    _now = target;
                    return;
                }
                if (next.DueAt > _now)
                {
                    _now = next.DueAt.Value;
                }
                next.Reschedule(_now);
            }
            next.Fire();
        }
    }

    internal DateTimeOffset NowLocked() => _now;

    internal void Remove(ManualTimer timer)
    {
        lock (Gate)
        {
            _timers.Remove(timer);
        }
    }
}

namespace CheckpointGrid.Testing.Time;

/// <summary>A timer of <see cref="ManualTimeProvider"/>; its due time is guarded by the provider's gate.</summary>
public sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    private TimeSpan _period = Timeout.InfiniteTimeSpan;

    /// <summary>When it fires next; null while stopped.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (owner.Gate)
        {
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.NowLocked() + dueTime;
            _period = period;
        }
        return true;
    }

    /// <summary>Called under the gate as the timer fires: due again a period later, or stopped.</summary>
    public void Reschedule(DateTimeOffset now) =>
        DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : now + _period;

    public void Fire() => callback(state);

    public void Dispose()
    {
        lock (owner.Gate)
        {
            DueAt = null;
        }
        owner.Remove(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

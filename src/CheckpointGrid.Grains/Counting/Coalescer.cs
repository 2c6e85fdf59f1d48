namespace CheckpointGrid.Grains.Counting;

/// <summary>
/// Runs a grain's action at most once per interval, however often it is asked: at once when the interval has passed
/// since the last run, otherwise once, when it has (through a one-shot grain timer, so always within the grain's turns).
/// </summary>
internal sealed class Coalescer(TimeProvider time, TimeSpan interval, Func<TimeSpan, IDisposable> schedule, Func<Task> run)
{
    // Invariant: _pending is set exactly while a run is scheduled for later.
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private IDisposable? _pending;

    /// <summary>Something changed: run now, or make sure a run is due.</summary>
    public Task RequestAsync()
    {
        if (_pending is not null)
        {
            return Task.CompletedTask;
        }
        var since = time.GetUtcNow() - _last;
        if (since >= interval)
        {
            return RunAsync();
        }
        _pending = schedule(interval - since);
        return Task.CompletedTask;
    }

    /// <summary>The scheduled run is due (the timer's callback).</summary>
    public Task DueAsync()
    {
        Cancel();
        return RunAsync();
    }

    /// <summary>Drops a scheduled run.</summary>
    public void Cancel()
    {
        _pending?.Dispose();
        _pending = null;
    }

    private Task RunAsync()
    {
        _last = time.GetUtcNow();
        return run();
    }
}

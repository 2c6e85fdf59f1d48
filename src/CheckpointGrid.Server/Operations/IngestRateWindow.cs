namespace CheckpointGrid.Server.Operations;

/// <summary>
/// Events counted per second over the last <see cref="Seconds"/> seconds, and in all: one bucket per second of the
/// window, reused as the window moves. Added to once per acknowledged batch, so a lock costs nothing that matters.
/// </summary>
internal sealed class IngestRateWindow(TimeProvider time)
{
    /// <summary>The window's length in seconds.</summary>
    public const int Seconds = 10;

    private readonly Lock _gate = new();
    private readonly long _start = time.GetTimestamp();

    // Bucket i holds the events of second _second[i] (seconds since _start); a bucket of an older second is stale.
    private readonly long[] _second = new long[Seconds];
    private readonly long[] _events = new long[Seconds];
    private long _total;

    public void Add(long events)
    {
        var second = (long)time.GetElapsedTime(_start).TotalSeconds;
        var bucket = (int)(second % Seconds);
        lock (_gate)
        {
            if (_second[bucket] != second)
            {
                _second[bucket] = second;
                _events[bucket] = 0;
            }
            _events[bucket] += events;
            _total += events;
        }
    }

    /// <summary>Events per second over the window (over the time since start while that is shorter), and events in all.</summary>
    public (double PerSecond, long Total) Read()
    {
        var elapsed = time.GetElapsedTime(_start).TotalSeconds;
        var second = (long)elapsed;
        long inWindow = 0;
        long total;
        lock (_gate)
        {
            for (var i = 0; i < Seconds; i++)
            {
                if (second - _second[i] < Seconds)
                {
                    inWindow += _events[i];
                }
            }
            total = _total;
        }
        // The window is the current second so far and the Seconds - 1 before it; at least a second, so a burst just
        // after start does not read as an enormous rate.
        var span = Math.Max(1.0, Math.Min(elapsed, Seconds - 1 + (elapsed - second)));
        return (inWindow / span, total);
    }
}

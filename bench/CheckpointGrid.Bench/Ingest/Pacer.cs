using System.Diagnostics;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// Wakes the paced senders on time. .NET's timers (Task.Delay) follow the coarse monotonic clock,
/// whose resolution here is the kernel tick, 4 ms, so they fire up to 4 ms late; this thread sleeps
/// with nanosleep (Thread.Sleep), wakes every millisecond while anyone waits, and releases the waits
/// that are due: sends go out within about a millisecond of their schedule.
/// </summary>
internal sealed class Pacer : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(long Due, TaskCompletionSource Signal)> _waiting = [];
    private readonly Thread _thread;
    private volatile bool _stopped;

    public Pacer()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "bench pacer" };
        _thread.Start();
    }

    /// <summary>Completes at <paramref name="due"/> (a Stopwatch timestamp) or within about a millisecond after; at once if it has passed.</summary>
    public Task WaitUntilAsync(long due)
    {
        if (due <= Stopwatch.GetTimestamp())
        {
            return Task.CompletedTask;
        }
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_stopped)
            {
                return Task.CompletedTask;
            }
            _waiting.Add((due, signal));
        }
        return signal.Task;
    }

    /// <summary>Stops the thread; waits still pending complete at once.</summary>
    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }

    private void Run()
    {
        while (!_stopped)
        {
            Thread.Sleep(1);
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                for (var i = _waiting.Count - 1; i >= 0; i--)
                {
                    if (_waiting[i].Due <= now)
                    {
                        _waiting[i].Signal.TrySetResult();
                        _waiting.RemoveAt(i);
                    }
                }
            }
        }
        lock (_lock)
        {
            foreach (var (_, signal) in _waiting)
            {
                signal.TrySetResult();
            }
            _waiting.Clear();
        }
    }
}

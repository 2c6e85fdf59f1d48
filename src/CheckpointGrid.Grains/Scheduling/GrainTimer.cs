using CheckpointGrid.Grains.Catalog;

namespace CheckpointGrid.Grains.Scheduling;

/// <summary>
/// A grain timer: each tick of the TimeProvider timer queues this object in the grain's mailbox, so the
/// callback runs as a turn. At most one tick waits or runs at a time; ticks due meanwhile are skipped.
/// </summary>
internal sealed class GrainTimer<TState> : IWorkItem, IDisposable
{
    private readonly GrainActivation _activation;
    private readonly Func<TState, Task> _callback;
    private readonly TState _state;
    private readonly ITimer _timer;
    // 1 from the moment a tick is queued until its turn completes.
    private int _tickQueued;
    private volatile bool _disposed;

    public GrainTimer(GrainActivation activation, Func<TState, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        // Ticks run in no caller's context: don't let the timer hold on to the registering call's.
        if (ExecutionContext.IsFlowSuppressed())
        {
            _timer = CreateTimer(activation.Time, dueTime, period);
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                _timer = CreateTimer(activation.Time, dueTime, period);
            }
        }
    }

    public bool IsCall => false;

    private ITimer CreateTimer(TimeProvider time, TimeSpan dueTime, TimeSpan period) =>
        time.CreateTimer(static timer => ((GrainTimer<TState>)timer!).OnTick(), this, dueTime, period);

    public Task Start(Grain grain)
    {
        if (_disposed)
        {
            return Task.CompletedTask;
        }
        try
        {
            return _callback(_state) ?? Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public void Complete(Task turn) => Volatile.Write(ref _tickQueued, 0);

    public void Fail(Exception error)
    {
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void OnTick()
    {
        if (_disposed || Interlocked.CompareExchange(ref _tickQueued, 1, 0) != 0)
        {
            return;
        }
        if (!_activation.TryEnqueue(this))
        {
            Volatile.Write(ref _tickQueued, 0);
        }
    }
}

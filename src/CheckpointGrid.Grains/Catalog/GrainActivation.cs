using System.Threading.Channels;
using CheckpointGrid.Grains.Diagnostics;
using CheckpointGrid.Grains.Scheduling;

namespace CheckpointGrid.Grains.Catalog;

/// <summary>
/// One live instance of a grain: its mailbox, the loop that drains it one turn at a time, and its life
/// (activate, serve, retire). The loop is a thread-pool work item that exists only while the mailbox has
/// work, so an idle activation holds neither a thread nor a task.
/// </summary>
internal sealed class GrainActivation : IThreadPoolWorkItem
{
    private static readonly UnboundedChannelOptions MailboxOptions = new() { SingleReader = true };

    private readonly GrainCatalog _catalog;
    // Closed for writing once the activation starts to retire: a refused write means "wait for Retired, then retry".
    private readonly Channel<IWorkItem> _mailbox = Channel.CreateUnbounded<IWorkItem>(MailboxOptions);
    private readonly TaskCompletionSource _retired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _timersLock = new();
    private readonly List<IDisposable> _timers = [];
    private bool _timersStopped;
    // 1 while the loop is queued or running; only the writer that moves it from 0 to 1 queues the loop.
    private int _loopScheduled;
    // Set by the loop's first turn, then read only by the loop.
    private Grain? _grain;
    // From activation until retirement starts: what the collector may look at.
    private volatile bool _active;
    // TimeProvider timestamp of the end of the last call or the last keep-alive release.
    private long _lastActivity;
    private int _keepAlive;
    // (int)reason + 1 of the deactivation request waiting in the mailbox; 0 when none waits.
    private int _pendingDeactivation;

    public GrainActivation(GrainCatalog catalog, GrainType type, GrainId id)
    {
        _catalog = catalog;
        Type = type;
        Id = id;
    }

    /// <summary>A successor that starts with <paramref name="waiting"/> queued; its loop waits for <see cref="StartLoop"/>.</summary>
    public GrainActivation(GrainCatalog catalog, GrainType type, GrainId id, List<IWorkItem> waiting)
        : this(catalog, type, id)
    {
        _loopScheduled = 1;
        foreach (var item in waiting)
        {
            _mailbox.Writer.TryWrite(item);
        }
    }

    public GrainId Id { get; }

    public GrainType Type { get; }

    public GrainCatalog Catalog => _catalog;

    public TimeProvider Time => _catalog.Time;

    /// <summary>Completes once this activation has left the catalog, its state written; never faults.</summary>
    public Task Retired => _retired.Task;

    /// <summary>Queues <paramref name="item"/>; false once the activation is retiring.</summary>
    public bool TryEnqueue(IWorkItem item)
    {
        if (!_mailbox.Writer.TryWrite(item))
        {
            return false;
        }
        // Pairs with the loop's exit: one of the two sees the other (both are full fences).
        if (Interlocked.CompareExchange(ref _loopScheduled, 1, 0) == 0)
        {
            StartLoop();
        }
        return true;
    }

    public void StartLoop() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    // Unsafe (no ExecutionContext flow): each call brings its caller's context; the loop has none of its own.
    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    private async Task RunAsync()
    {
        if (_grain is null && !await ActivateAsync().ConfigureAwait(false))
        {
            return;
        }
        var reader = _mailbox.Reader;
        while (true)
        {
            while (reader.TryRead(out var item))
            {
                if (item is DeactivationRequest)
                {
                    if (await TryDeactivateAsync().ConfigureAwait(false))
                    {
                        return;
                    }
                    continue;
                }
                // Non-reentrant: the next item is not read until this turn, awaits and all, has completed.
                var turn = item.Start(_grain!);
                if (!turn.IsCompleted)
                {
                    await turn.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                OnTurnCompleted(item, turn);
            }
            Interlocked.Exchange(ref _loopScheduled, 0);
            // A writer that saw the loop still scheduled did not start one: look again before leaving.
            if (!reader.TryPeek(out _) || Interlocked.CompareExchange(ref _loopScheduled, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void OnTurnCompleted(IWorkItem item, Task turn)
    {
        if (item.IsCall)
        {
            // Before the caller hears back, so a caller that then moves time on sees this call's end as the last activity.
            Volatile.Write(ref _lastActivity, Time.GetTimestamp());
        }
        _catalog.Metrics.TurnCompleted(Type, turn.IsFaulted);
        if (turn.IsFaulted)
        {
            var error = turn.Exception!.InnerException!;
            if (item.IsCall)
            {
                GrainLog.CallFaulted(_catalog.Logger, Id, error);
            }
            else
            {
                GrainLog.TimerFaulted(_catalog.Logger, Id, error);
            }
        }
        item.Complete(turn);
    }

    private async Task<bool> ActivateAsync()
    {
        try
        {
            var grain = Type.Create(_catalog.Services);
            grain.Bind(this);
            await grain.ActivateCoreAsync(_catalog.Stopping).ConfigureAwait(false);
            _grain = grain;
        }
        catch (Exception e)
        {
            GrainLog.ActivationFailed(_catalog.Logger, Id, e);
            _catalog.Metrics.ActivationFailed(Type);
            Retire(e);
            return false;
        }
        Volatile.Write(ref _lastActivity, Time.GetTimestamp());
        _active = true;
        _catalog.Metrics.Activated(Type);
        GrainLog.Activated(_catalog.Logger, Id);
        return true;
    }

    /// <summary>Queues a deactivation request, unless one for as strong a reason already waits.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        var wanted = (int)reason + 1;
        while (true)
        {
            var pending = Volatile.Read(ref _pendingDeactivation);
            if (pending >= wanted)
            {
                return;
            }
            if (Interlocked.CompareExchange(ref _pendingDeactivation, wanted, pending) == pending)
            {
                if (pending == 0)
                {
                    TryEnqueue(DeactivationRequest.Instance);
                }
                return;
            }
        }
    }

    /// <summary>The collector's cheap look from outside the loop; the loop decides again when the request's turn comes.</summary>
    public bool RequestDeactivationIfIdle(long now, TimeSpan idleAge)
    {
        if (!_active || Volatile.Read(ref _keepAlive) != 0 || Time.GetElapsedTime(Volatile.Read(ref _lastActivity), now) < idleAge)
        {
            return false;
        }
        RequestDeactivation(DeactivationReason.IdleTimeout);
        return true;
    }

    private async Task<bool> TryDeactivateAsync()
    {
        var pending = Interlocked.Exchange(ref _pendingDeactivation, 0);
        if (pending == 0)
        {
            return false;
        }
        var reason = (DeactivationReason)(pending - 1);
        if (reason == DeactivationReason.IdleTimeout && !IsIdle())
        {
            return false;
        }
        _active = false;
        _mailbox.Writer.TryComplete();
        StopTimers();
        using (var timeout = new CancellationTokenSource(_catalog.Options.DeactivationTimeout, Time))
        {
            try
            {
                await _grain!.DeactivateCoreAsync(reason, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                GrainLog.DeactivationFailed(_catalog.Logger, Id, e);
            }
        }
        _catalog.Metrics.Deactivated(Type, reason);
        GrainLog.Deactivated(_catalog.Logger, Id, reason);
        Retire(failure: null);
        return true;
    }

    // Idle: nothing keeps it and no call has ended for the idle age (timer ticks don't count). Calls queued
    // behind the request don't save it: they move to the next activation, as any call during deactivation does.
    private bool IsIdle() =>
        Volatile.Read(ref _keepAlive) == 0
        && Time.GetElapsedTime(Volatile.Read(ref _lastActivity)) >= _catalog.Options.IdleAge;

    private void Retire(Exception? failure)
    {
        _active = false;
        _mailbox.Writer.TryComplete();
        StopTimers();
        List<IWorkItem>? waiting = null;
        while (_mailbox.Reader.TryRead(out var item))
        {
            if (item.IsCall)
            {
                (waiting ??= []).Add(item);
            }
        }
        _catalog.Retire(this, waiting, failure);
        _retired.TrySetResult();
    }

    public IDisposable AcquireKeepAlive()
    {
        Interlocked.Increment(ref _keepAlive);
        return new KeepAliveLease(this);
    }

    public void ReleaseKeepAlive()
    {
        // Timestamp first: the collector must never see the count at 0 with an old timestamp.
        Volatile.Write(ref _lastActivity, Time.GetTimestamp());
        Interlocked.Decrement(ref _keepAlive);
    }

    public IDisposable RegisterTimer<TState>(Func<TState, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer<TState>(this, callback, state, dueTime, period);
        bool stopped;
        lock (_timersLock)
        {
            stopped = _timersStopped;
            if (!stopped)
            {
                _timers.Add(timer);
            }
        }
        if (stopped)
        {
            timer.Dispose();
        }
        return timer;
    }

    public void RemoveTimer(IDisposable timer)
    {
        lock (_timersLock)
        {
            _timers.Remove(timer);
        }
    }

    private void StopTimers()
    {
        IDisposable[] timers;
        lock (_timersLock)
        {
            _timersStopped = true;
            timers = [.. _timers];
            _timers.Clear();
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}

using CheckpointGrid.Grains.Catalog;

namespace CheckpointGrid.Grains;

/// <summary>
/// A virtual actor. The runtime creates it on the first call to its id and runs its calls and timer
/// ticks one turn at a time, each to completion (awaits included) before the next, so its fields need
/// no locks. Its context (<see cref="Id"/>, timers, keep-alive) is there from OnActivateAsync on, not in
/// the constructor.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

    /// <summary>This grain's identity.</summary>
    protected GrainId Id => Activation.Id;

    /// <summary>References to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Catalog;

    internal GrainActivation Activation =>
        _activation ?? throw new InvalidOperationException("A grain's runtime context is there from OnActivateAsync on, not in its constructor.");

    internal void Bind(GrainActivation activation) => _activation = activation;

    /// <summary>Runs as the activation's first turn, before any call.</summary>
    internal virtual Task ActivateCoreAsync(CancellationToken cancellationToken) => OnActivateAsync(cancellationToken);

    /// <summary>Runs as the activation's last turn.</summary>
    internal Task DeactivateCoreAsync(DeactivationReason reason, CancellationToken cancellationToken) => OnDeactivateAsync(reason, cancellationToken);

    /// <summary>Runs before the first call; throwing fails the calls waiting for this activation.</summary>
    protected virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs as the activation's last turn, after its timers are stopped; write state here if the grain
    /// defers writes. The token fires after <see cref="GrainOptions.DeactivationTimeout"/>.
    /// </summary>
    protected virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs <paramref name="callback"/> as a turn after <paramref name="dueTime"/>, then every <paramref name="period"/>.</summary>
    protected IDisposable RegisterTimer(Func<Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return RegisterTimer(static callback => callback(), callback, dueTime, period);
    }

    /// <summary>
    /// Runs <paramref name="callback"/> as a turn after <paramref name="dueTime"/>, then every
    /// <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/> for once). A tick due while the
    /// previous one is still queued or running is skipped. Ticks do not count as calls, so they never keep
    /// the grain from going idle; the timer stops when the grain deactivates or the result is disposed.
    /// </summary>
    protected IDisposable RegisterTimer<TState>(Func<TState, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, state, dueTime, period);
    }

    /// <summary>
    /// Keeps this activation from idle collection until the result is disposed (from any thread), e.g.
    /// one lease per subscriber. Take it in a turn. Idle age counts again from the last release.
    /// </summary>
    protected IDisposable KeepAlive() => Activation.AcquireKeepAlive();

    /// <summary>Deactivates this activation once the turns queued so far have run, whatever its idle age or keep-alive leases.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.Requested);
}

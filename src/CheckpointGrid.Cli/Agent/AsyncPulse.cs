namespace CheckpointGrid.Cli.Agent;

/// <summary>
/// Wakes waiters when something changed. Take <see cref="Next"/> before checking the condition,
/// then await it if the condition does not hold: a change in between is never missed.
/// </summary>
internal sealed class AsyncPulse
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>
/// Holds the SQLite writer thread the first time it wakes for work, before it takes batches from the
/// queue, so a test can queue more behind it and know they will be taken together. An explicit barrier,
/// not a sleep: the test awaits <see cref="Reached"/>, queues, then calls <see cref="Open"/>.
/// </summary>
public sealed class WriterGate : IDisposable
{
    private readonly ManualResetEventSlim _open = new();
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the writer is held at the gate.</summary>
    public Task Reached => _reached.Task;

    /// <summary>The hook to give the store: blocks the writer until <see cref="Open"/> (or the test's timeout).</summary>
    public void BeforeDrain()
    {
        _reached.TrySetResult();
        _open.Wait(TestWaits.Timeout);
    }

    public void Open() => _open.Set();

    /// <summary>Lets the writer go if the test did not (the event is left to the collector: the writer may still be waking on it).</summary>
    public void Dispose() => _open.Set();
}

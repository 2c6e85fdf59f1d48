namespace CheckpointGrid.Grains.Scheduling;

/// <summary>One entry of a grain's mailbox: a call, a timer tick or a deactivation request.</summary>
internal interface IWorkItem
{
    /// <summary>True for a caller's call: one that still waits when an activation retires moves to the next activation; other items are dropped.</summary>
    bool IsCall { get; }

    /// <summary>Starts the turn on <paramref name="grain"/>; never throws (a synchronous throw comes back as a faulted task).</summary>
    Task Start(Grain grain);

    /// <summary>Called by the activation loop with the task <see cref="Start"/> returned, once it has completed.</summary>
    void Complete(Task turn);

    /// <summary>Gives up on the item without running it: a call fails with <paramref name="error"/>.</summary>
    void Fail(Exception error);
}

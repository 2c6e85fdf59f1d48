namespace CheckpointGrid.Grains.Scheduling;

/// <summary>
/// Marks the point in a mailbox where the activation decides whether to deactivate, so the decision is
/// taken between turns, never during one. The reason lives on the activation.
/// </summary>
internal sealed class DeactivationRequest : IWorkItem
{
    public static readonly DeactivationRequest Instance = new();

    private DeactivationRequest()
    {
    }

    public bool IsCall => false;

    // The activation loop handles this item itself.
    public Task Start(Grain grain) => Task.CompletedTask;

    public void Complete(Task turn)
    {
    }

    public void Fail(Exception error)
    {
    }
}

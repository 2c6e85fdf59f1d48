namespace CheckpointGrid.Grains.Catalog;

/// <summary>One reason for an activation to stay active; disposing it (once, from any thread) gives the reason up.</summary>
internal sealed class KeepAliveLease(GrainActivation activation) : IDisposable
{
    private GrainActivation? _activation = activation;

    public void Dispose() => Interlocked.Exchange(ref _activation, null)?.ReleaseKeepAlive();
}

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// What the terminal streams of one phase read on every batch: whether to record it, whether to stop,
/// and the hard cap that cancels every call still open if stopping takes too long.
/// </summary>
internal sealed class LoadControl : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private volatile bool _recording;
    private volatile bool _stopping;

    public bool Recording => _recording;

    public bool Stopping => _stopping;

    public CancellationToken Abort => _abort.Token;

    public void StartRecording() => _recording = true;

    public void StopRecording() => _recording = false;

    public void Stop() => _stopping = true;

    public void AbortCalls() => _abort.Cancel();

    public void Dispose() => _abort.Dispose();
}

using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Bench.Rpc.Workers;

/// <summary>
/// One caller or stream of a scenario: makes calls back to back until told to stop, counting
/// (and timing) only what completes while the control is recording. Counts are per worker, so
/// the hot path takes no lock and shares no cache line.
/// </summary>
internal abstract class LoadWorker(GrpcChannel channel, LoadControl control)
{
    protected GrpcChannel Channel { get; } = channel;

    protected LoadControl Control { get; } = control;

    /// <summary>Every call carries the scenario's hard cap, so an abort cancels it on the wire.</summary>
    protected CallOptions CallOptions { get; } = new(CancellationToken: control.Abort);

    public long Operations { get; private set; }

    public LatencyHistogram Latency { get; } = new();

    public abstract Task RunAsync();

    protected void Count()
    {
        if (Control.Recording)
        {
            Operations++;
        }
    }

    protected void Record(long elapsedTicks)
    {
        if (Control.Recording)
        {
            Operations++;
            Latency.Record(elapsedTicks);
        }
    }
}

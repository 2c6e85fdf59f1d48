namespace CheckpointGrid.Bench.Watch;

/// <summary>
/// One run of <c>watch</c> on one server: saturated ingestion without and with the watchers, and, paced with
/// the watchers, the terminals' ack p99 and ack → watcher update p50/p99 (ms).
/// </summary>
internal sealed record WatchRunResult(double Without, double With, double? AckP99Ms, double? UpdateP50Ms, double? UpdateP99Ms)
{
    public double? Ratio => Without > 0 ? With / Without : null;
}

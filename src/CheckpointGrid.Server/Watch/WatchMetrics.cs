using System.Diagnostics.Metrics;

namespace CheckpointGrid.Server.Watch;

/// <summary>The watch subsystem's instruments, on its one Meter; untagged, so a measurement allocates nothing.</summary>
public sealed class WatchMetrics
{
    /// <summary>The one Meter of the watch subsystem.</summary>
    public const string MeterName = "CheckpointGrid.Watch";

    /// <summary>Watchers open on this silo (up-down).</summary>
    public const string WatchersName = "checkpointgrid.watch.watchers";

    private readonly UpDownCounter<long> _watchers;
    private readonly Counter<long> _updates;
    private readonly Counter<long> _coalesced;
    private readonly Counter<long> _resyncs;

    public WatchMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _watchers = meter.CreateUpDownCounter<long>(WatchersName, "{watcher}", "Watchers (gRPC Watch streams and dashboard pages) open on this silo.");
        _updates = meter.CreateCounter<long>("checkpointgrid.watch.updates.sent", "{message}", "Update messages sent to watchers (snapshots and heartbeats not included).");
        _coalesced = meter.CreateCounter<long>(
            "checkpointgrid.watch.updates.coalesced", "{publication}", "Publications folded into a watcher's next message because one was already due.");
        _resyncs = meter.CreateCounter<long>("checkpointgrid.watch.resyncs", "{message}", "Fresh snapshots sent to a watcher that fell behind instead of an update.");
    }

    public void WatcherStarted() => _watchers.Add(1);

    public void WatcherEnded() => _watchers.Add(-1);

    public void UpdateSent() => _updates.Add(1);

    public void Coalesced() => _coalesced.Add(1);

    public void Resynced() => _resyncs.Add(1);
}

using System.Diagnostics.Metrics;

namespace CheckpointGrid.Server.Ingest;

/// <summary>
/// Ingestion's instruments, on the one ingest Meter. Measurements are per batch, not per event, and tagged with a
/// checkpoint tag the stream builds once at open: nothing is allocated per batch.
/// </summary>
public sealed class IngestMetrics
{
    /// <summary>Events acknowledged as newly counted; the cluster status reads its rate from it.</summary>
    public const string AcceptedName = "checkpointgrid.ingest.events.accepted";

    /// <summary>Ingest streams open on this silo (up-down).</summary>
    public const string StreamsName = "checkpointgrid.ingest.streams";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicate;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _ackDuration;
    private readonly UpDownCounter<long> _streams;

    public IngestMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(IngestDiagnostics.MeterName);
        _accepted = meter.CreateCounter<long>(AcceptedName, "{event}", "Events acknowledged as newly counted, by checkpoint.");
        _duplicate = meter.CreateCounter<long>(
            "checkpointgrid.ingest.events.duplicate", "{event}", "Events acknowledged that were counted before (a resent batch or a repeated event id), by checkpoint.");
        _rejected = meter.CreateCounter<long>("checkpointgrid.ingest.events.rejected", "{event}", "Events rejected as invalid in a batch's ack, by checkpoint.");
        _ackDuration = meter.CreateHistogram<double>(
            "checkpointgrid.ingest.ack.duration", "s", "Time from a batch's arrival to its ack's write (validation, grain, commit, roll-up).");
        _streams = meter.CreateUpDownCounter<long>(StreamsName, "{stream}", "Ingest streams open on this silo, by checkpoint.");
    }

    /// <summary>The tag of a checkpoint, built once per stream or call.</summary>
    public static KeyValuePair<string, object?> Checkpoint(string checkpointId) => new(IngestDiagnostics.CheckpointTag, checkpointId);

    public void StreamOpened(in KeyValuePair<string, object?> checkpoint) => _streams.Add(1, checkpoint);

    public void StreamClosed(in KeyValuePair<string, object?> checkpoint) => _streams.Add(-1, checkpoint);

    public void Acked(in KeyValuePair<string, object?> checkpoint, uint accepted, uint duplicate, int rejected, TimeSpan sinceArrival)
    {
        Counted(checkpoint, accepted, duplicate);
        if (rejected > 0)
        {
            _rejected.Add(rejected, checkpoint);
        }
        _ackDuration.Record(sinceArrival.TotalSeconds, checkpoint);
    }

    /// <summary>Events counted (accepted or duplicate) outside a stream: RecordCrossing.</summary>
    public void Counted(in KeyValuePair<string, object?> checkpoint, uint accepted, uint duplicate)
    {
        if (accepted > 0)
        {
            _accepted.Add(accepted, checkpoint);
        }
        if (duplicate > 0)
        {
            _duplicate.Add(duplicate, checkpoint);
        }
    }
}

using System.Diagnostics;

namespace CheckpointGrid.Server.Ingest;

/// <summary>Names under which ingestion reports, for telemetry set-up, and its one ActivitySource.</summary>
public static class IngestDiagnostics
{
    /// <summary>The one Meter of the ingest subsystem.</summary>
    public const string MeterName = "CheckpointGrid.Ingest";

    /// <summary>Ingestion's ActivitySource: a span per batch of an Ingest stream, and one for its ack.</summary>
    public const string ActivitySourceName = "CheckpointGrid.Ingest";

    /// <summary>One batch, from its arrival to its ack's write; a child of the gRPC call's span.</summary>
    public const string BatchSpan = "ingest batch";

    /// <summary>The write of a batch's ack to the terminal.</summary>
    public const string AckSpan = "ingest ack";

    /// <summary>The tag naming the checkpoint on ingest metrics; spans use the same name.</summary>
    public const string CheckpointTag = "checkpointgrid.checkpoint.id";

    /// <summary>The attribute naming the terminal on spans (not on metrics: terminals are many).</summary>
    public const string TerminalAttribute = "checkpointgrid.terminal.id";

    /// <summary>Static, as ActivitySources are meant to be: starting a span costs nothing while nobody listens.</summary>
    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}

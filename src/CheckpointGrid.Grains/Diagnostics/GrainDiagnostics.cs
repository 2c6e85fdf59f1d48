using System.Diagnostics;

namespace CheckpointGrid.Grains.Diagnostics;

/// <summary>Names under which the grains report, for telemetry set-up, and their one ActivitySource.</summary>
public static class GrainDiagnostics
{
    /// <summary>The one Meter of the grains subsystem.</summary>
    public const string MeterName = "CheckpointGrid.Grains";

    /// <summary>The grains' ActivitySource: the commit of a checkpoint's batch to the store.</summary>
    public const string ActivitySourceName = "CheckpointGrid.Grains";

    /// <summary>The span of one commit to the store, inside the checkpoint grain's call.</summary>
    public const string CommitSpan = "checkpoint commit";

    /// <summary>The attribute naming the checkpoint on spans and metrics.</summary>
    public const string CheckpointAttribute = "checkpointgrid.checkpoint.id";

    /// <summary>The attribute naming the terminal on spans.</summary>
    public const string TerminalAttribute = "checkpointgrid.terminal.id";

    /// <summary>Static, as ActivitySources are meant to be: starting a span costs nothing while nobody listens.</summary>
    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}

namespace CheckpointGrid.Grains.Diagnostics;

/// <summary>Names under which the grain runtime reports, for telemetry set-up.</summary>
public static class GrainDiagnostics
{
    /// <summary>The one Meter of the grain runtime.</summary>
    public const string MeterName = "CheckpointGrid.Grains";

    /// <summary>The logger category of the grain runtime.</summary>
    public const string LoggerCategory = "CheckpointGrid.Grains";
}

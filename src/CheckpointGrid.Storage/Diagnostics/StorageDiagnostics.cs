namespace CheckpointGrid.Storage.Diagnostics;

/// <summary>Names under which the stores report, for telemetry set-up.</summary>
public static class StorageDiagnostics
{
    /// <summary>The one Meter of the storage subsystem.</summary>
    public const string MeterName = "CheckpointGrid.Storage";

    /// <summary>The logger category of the storage subsystem.</summary>
    public const string LoggerCategory = "CheckpointGrid.Storage";
}

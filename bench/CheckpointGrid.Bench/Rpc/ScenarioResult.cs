namespace CheckpointGrid.Bench.Rpc;

/// <summary>
/// One scenario measured once against one server. CPU is in cores (CPU seconds per wall second);
/// the server's CPU per operation is what it would cost on an otherwise idle machine.
/// </summary>
internal sealed record ScenarioResult(
    string Target,
    string Scenario,
    string Unit,
    long Operations,
    double Seconds,
    double? P50Microseconds,
    double? P99Microseconds,
    double? ServerCores,
    double ClientCores,
    double? PeakRssMib,
    int Connections)
{
    public double Rate => Operations / Seconds;

    public double? ServerMicrosecondsPerOperation =>
        ServerCores is { } cores && Operations > 0 ? cores * Seconds * 1_000_000 / Operations : null;
}

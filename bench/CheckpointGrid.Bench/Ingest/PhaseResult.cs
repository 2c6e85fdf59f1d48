namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// One phase measured once: durable events per second (events covered by acks that arrived in the
/// window), ack latency, and the server's CPU (cores = CPU seconds per wall second) and peak RSS.
/// <paramref name="RanOut"/>: a terminal used up its pre-built batches, so the phase must be run again with more.
/// </summary>
internal sealed record PhaseResult(
    IngestPhase Phase,
    long WindowEvents,
    double Seconds,
    double? P50Microseconds,
    double? P99Microseconds,
    double? MaxMicroseconds,
    double? ScheduleLagP99Microseconds,
    double? ServerCores,
    double ClientCores,
    double? PeakRssMib,
    double EventsPerAck,
    IReadOnlyList<(string Name, int Threads, double Cores)> ServerThreads,
    (string Name, double Cores) BusiestThread,
    bool RanOut)
{
    public static readonly IReadOnlyDictionary<string, double> NoExtra = new Dictionary<string, double>();

    /// <summary>What a <see cref="IWindowProbe"/> measured over the window (e.g. the database's transactions/s), by name.</summary>
    public IReadOnlyDictionary<string, double> Extra { get; init; } = NoExtra;

    public double Rate => WindowEvents / Seconds;

    /// <summary>Server CPU per durable event, in µs: what one event costs the server, the runtime's idle spinning included.</summary>
    public double? ServerMicrosecondsPerEvent =>
        ServerCores is { } cores && WindowEvents > 0 ? cores * Seconds * 1_000_000 / WindowEvents : null;
}

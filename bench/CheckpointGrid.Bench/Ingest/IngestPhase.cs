using System.Globalization;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// One phase of a run: every terminal streams either as fast as acks allow with
/// <paramref name="InFlight"/> batches unacknowledged (saturation), or at <paramref name="Rate"/>
/// events per second in all (paced; <paramref name="InFlight"/> is then only a safety bound).
/// </summary>
internal sealed record IngestPhase(int InFlight, double? Rate)
{
    /// <summary>The paced phase's bound on unacknowledged batches per terminal: far above what a keeping-up server leaves in flight.</summary>
    public const int PacedInFlightBound = 64;

    public string Name => Rate is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"paced {rate:N0}/s")
        : string.Create(CultureInfo.InvariantCulture, $"saturation x{InFlight}");

    /// <summary>The key the summary groups runs by (a paced phase's rate may differ run to run).</summary>
    public string Key => Rate is null ? Name : "paced";

    public static IngestPhase Saturation(int inFlight) => new(inFlight, null);

    public static IngestPhase Paced(double rate) => new(PacedInFlightBound, rate);
}

using System.Globalization;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// A checkpoint terminal as the server knows it: its ids, the sequence it numbers its next event
/// with, and what the server has acknowledged from it over every phase of one run.
/// </summary>
internal sealed class SimulatedTerminal(int index, string checkpointId)
{
    public string CheckpointId { get; } = checkpointId;

    public string TerminalId { get; } = string.Create(CultureInfo.InvariantCulture, $"bench-terminal-{index + 1:00}");

    public ulong NextSequence { get; private set; } = 1;

    /// <summary>Events sent and acknowledged as counted, over the run.</summary>
    public long AckedEvents { get; private set; }

    /// <summary>The sum of those events' headcounts: what the server's people totals must grow by.</summary>
    public long AckedPeople { get; private set; }

    /// <summary>Takes a finished phase's stream: every batch it sent was acknowledged (the stream ended OK only then).</summary>
    public void Advance(TerminalStream stream)
    {
        NextSequence = stream.NextSequence;
        AckedEvents += stream.AckedEvents;
        AckedPeople += stream.AckedPeople;
    }
}

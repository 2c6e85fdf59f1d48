using CheckpointGrid.Core;
using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>What <see cref="Simulator"/> simulates.</summary>
public sealed class SimulationOptions
{
    /// <summary>The checkpoints; each gets <see cref="TerminalsPerCheckpoint"/> terminals. Required.</summary>
    public IReadOnlyList<Checkpoint> Checkpoints { get; set; } = [];

    /// <summary>Terminals at each checkpoint, "sim-1" … "sim-N". Default 1.</summary>
    public int TerminalsPerCheckpoint { get; set; } = 1;

    /// <summary>
    /// Events per second over all terminals, on average over a day, the checkpoints keeping their 2025 proportions;
    /// null for the published 2025 magnitudes (<see cref="PublishedFlows"/>) times <see cref="Scale"/>.
    /// </summary>
    public double? EventsPerSecond { get; set; }

    /// <summary>How many times the published 2025 magnitudes to simulate when <see cref="EventsPerSecond"/> is null. Default 1.</summary>
    public double Scale { get; set; } = 1;

    /// <summary>
    /// People in each shelter when the simulation starts (as the server counts them: check-ins minus check-outs), so
    /// that a rerun steers the shelters from where they are rather than filling them again. Absent: empty.
    /// </summary>
    public IReadOnlyDictionary<CheckpointId, long> InitialOccupants { get; set; } = new Dictionary<CheckpointId, long>();

    /// <summary>Whether the rate follows Panama's day (busy days, quiet nights); off for a flat rate.</summary>
    public bool DayRhythm { get; set; } = true;

    /// <summary>Seed of every draw: the same seed and start give the same events.</summary>
    public int Seed { get; set; }

    /// <summary>When the first event may happen.</summary>
    public DateTimeOffset Start { get; set; }

    /// <summary>Part of every event_id, so that runs with the same seed do not collide as duplicates.</summary>
    public string RunTag { get; set; } = "run";

    /// <summary>The year whose SNM figures give the mix of people. Default 2024, the last full year.</summary>
    public int ReferenceYear { get; set; } = 2024;

    public void Validate()
    {
        if (Checkpoints.Count == 0)
        {
            throw new ArgumentException("Simulate at least one checkpoint.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(TerminalsPerCheckpoint, 1, nameof(TerminalsPerCheckpoint));
        if (EventsPerSecond is { } rate && (!(rate > 0) || !double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(EventsPerSecond), EventsPerSecond, "The rate must be a positive number of events per second.");
        }

        if (!(Scale > 0) || !double.IsFinite(Scale))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "The scale must be a positive number.");
        }

        ArgumentException.ThrowIfNullOrEmpty(RunTag);
    }
}

using CheckpointGrid.Core.Catalog;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>What <see cref="Simulator"/> simulates.</summary>
public sealed class SimulationOptions
{
    /// <summary>The checkpoints; each gets <see cref="TerminalsPerCheckpoint"/> terminals. Required.</summary>
    public IReadOnlyList<Checkpoint> Checkpoints { get; set; } = [];

    /// <summary>Terminals at each checkpoint, "sim-1" … "sim-N". Default 1.</summary>
    public int TerminalsPerCheckpoint { get; set; } = 1;

    /// <summary>Events per second over all terminals, on average over a day. Default 20.</summary>
    public double EventsPerSecond { get; set; } = 20;

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
        if (!(EventsPerSecond > 0) || !double.IsFinite(EventsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(EventsPerSecond), EventsPerSecond, "The rate must be a positive number of events per second.");
        }

        ArgumentException.ThrowIfNullOrEmpty(RunTag);
    }
}

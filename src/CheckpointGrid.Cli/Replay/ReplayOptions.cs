using CheckpointGrid.Cli.Sources;
using CheckpointGrid.Core;

namespace CheckpointGrid.Cli.Replay;

/// <summary>How <see cref="ReplayGenerator"/> turns a month into events.</summary>
public sealed class ReplayOptions
{
    /// <summary>The Darién reception stations (ETRM) where SNM registers northbound migrants: Lajas Blancas and San Vicente.</summary>
    public static IReadOnlyList<CheckpointId> DefaultCheckpoints { get; } = [CheckpointId.Parse("PA-DAR-LJB"), CheckpointId.Parse("PA-DAR-SVC")];

    /// <summary>The terminals that record the events, each drawn with equal chance. Required.</summary>
    public IReadOnlyList<TerminalAddress> Terminals { get; set; } = [];

    /// <summary>Seed of every draw; null for year·100 + month, so a month always replays the same.</summary>
    public int? Seed { get; set; }

    /// <summary>No event is placed after this instant (a month not yet over is replayed up to it).</summary>
    public DateTimeOffset NotAfter { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>The terminals "replay-1" … "replay-N" at each checkpoint.</summary>
    public static IReadOnlyList<TerminalAddress> TerminalsAt(IReadOnlyList<CheckpointId> checkpoints, int perCheckpoint)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perCheckpoint, 1);
        var terminals = new List<TerminalAddress>();
        foreach (var checkpoint in checkpoints)
        {
            for (var i = 1; i <= perCheckpoint; i++)
            {
                terminals.Add(new TerminalAddress(checkpoint, TerminalId.Parse($"replay-{i}")));
            }
        }

        return terminals;
    }
}

using CheckpointGrid.Core;

namespace CheckpointGrid.Cli.Sources;

/// <summary>A terminal at a checkpoint: one sequence space, one outbox, one agent.</summary>
public readonly record struct TerminalAddress(CheckpointId Checkpoint, TerminalId Terminal)
{
    /// <summary>"svc-1@PA-DAR-SVC".</summary>
    public override string ToString() => $"{Terminal}@{Checkpoint}";
}

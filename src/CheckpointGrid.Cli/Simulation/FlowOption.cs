using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>One kind of event a checkpoint records, and its share of the checkpoint's events.</summary>
public readonly record struct FlowOption(Movement Movement, Direction Direction, double Share);

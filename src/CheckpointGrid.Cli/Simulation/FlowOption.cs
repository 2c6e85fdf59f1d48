using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>One kind of event a checkpoint records, and how many people it counts on an average 2025 day.</summary>
public readonly record struct FlowOption(Movement Movement, Direction Direction, double PeoplePerDay);

using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Sources;

/// <summary>An event a source made, and the terminal that records it.</summary>
public readonly record struct TerminalEvent(TerminalAddress Terminal, CrossingEvent Event);

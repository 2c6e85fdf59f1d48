using System.CommandLine;

namespace CheckpointGrid.Cli.Commands;

/// <summary>The checkpointgrid tool's commands.</summary>
public static class CliCommands
{
    public static RootCommand Create() => new("""
        checkpointgrid: the CheckpointGrid terminal agent and tools. Terminals record crossing events
        into a local outbox and stream them to the server's Ingest service, exactly once.
        """)
    {
        AgentCommand.Create(),
        SimulateCommand.Create(),
        ReplayCommand.Create(),
        QueryCommand.Create(),
        ReportCommand.Create(),
        WatchCommand.Create(),
        StatusCommand.Create(),
        OutboxCommand.Create(),
        TokenCommand.Create(),
    };
}

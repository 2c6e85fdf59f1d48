using CheckpointGrid.Cli.Agent;
using CheckpointGrid.Cli.Channels;
using CheckpointGrid.Cli.Outbox;
using CheckpointGrid.Cli.Sources;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Runs;

/// <summary>
/// Runs a source into a fleet of agents: start the agents, feed, wait until the server has
/// acknowledged everything (bounded), stop gracefully. Status lines go to the given writer.
/// </summary>
public sealed class FleetRun
{
    /// <summary>Exit code when the drain timed out: events remain in the outboxes for the next run.</summary>
    public const int NotDrained = 3;

    /// <summary>The servers of the cluster; the terminals spread over them and move to the next when theirs fails.</summary>
    public required IReadOnlyList<Uri> Servers { get; init; }

    /// <summary>The bearer token the agents send; null for a server that requires none.</summary>
    public string? BearerToken { get; init; }

    /// <summary>What an https:// server's certificate must chain to.</summary>
    public ServerTrust Trust { get; init; } = ServerTrust.System;

    public required string OutboxDirectory { get; init; }

    public required IReadOnlyList<TerminalAddress> Terminals { get; init; }

    public TerminalAgentOptions AgentOptions { get; init; } = new();

    public OutboxOptions OutboxOptions { get; init; } = new();

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public required ILoggerFactory Loggers { get; init; }

    public required TextWriter Status { get; init; }

    /// <summary>Runs <paramref name="feed"/>; returns 0 when everything was acknowledged, <see cref="NotDrained"/> otherwise.</summary>
    public async Task<int> RunAsync(Func<AgentFleet, CancellationToken, Task> feed, CancellationToken cancellationToken)
    {
        using var servers = ServerPool.For(Servers, Trust, BearerToken);
        await using var fleet = AgentFleet.Open(servers, OutboxDirectory, Terminals, AgentOptions, OutboxOptions, Time, Loggers);
        using var reporter = new StatusReporter(fleet.Agents, Status, StatusInterval, Time);
        fleet.Start();
        try
        {
            await feed(fleet, cancellationToken).ConfigureAwait(false);
            using var drainTimeout = new CancellationTokenSource(DrainTimeout, Time);
            using var drainOrCancel = CancellationTokenSource.CreateLinkedTokenSource(drainTimeout.Token, cancellationToken);
            await fleet.DrainAsync(drainOrCancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            using var stopTimeout = new CancellationTokenSource(StopTimeout, Time);
            await fleet.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            reporter.Report();
        }

        var drained = true;
        foreach (var agent in fleet.Agents)
        {
            drained &= agent.Outbox.Backlog == 0;
        }

        if (!drained)
        {
            await Status.WriteLineAsync(
                $"Not everything was acknowledged; the rest is kept in the outboxes under {OutboxDirectory} and is sent by the next run (or `checkpointgrid agent`).").ConfigureAwait(false);
            return NotDrained;
        }

        return 0;
    }
}

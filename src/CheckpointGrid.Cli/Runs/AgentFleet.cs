using CheckpointGrid.Cli.Agent;
using CheckpointGrid.Cli.Outbox;
using CheckpointGrid.Cli.Sources;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Cli.Channels;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Runs;

/// <summary>
/// One <see cref="TerminalAgent"/> per terminal, each with its outbox file in one directory
/// ("PA-DAR-SVC_sim-1.db"), sharing a channel: what simulate and replay run their sources into.
/// </summary>
public sealed class AgentFleet : IAsyncDisposable
{
    private readonly Dictionary<TerminalAddress, TerminalAgent> _agents;
    private readonly List<EventOutbox> _outboxes;

    private AgentFleet(Dictionary<TerminalAddress, TerminalAgent> agents, List<EventOutbox> outboxes)
    {
        _agents = agents;
        _outboxes = outboxes;
        Agents = [.. agents.Values];
    }

    public IReadOnlyList<TerminalAgent> Agents { get; }

    public TerminalAgent this[TerminalAddress terminal] => _agents[terminal];

    /// <summary>The outbox file of a terminal in a directory.</summary>
    public static string OutboxPath(string directory, TerminalAddress terminal) =>
        Path.Combine(directory, $"{terminal.Checkpoint}_{terminal.Terminal}.db");

    /// <summary>Opens (or creates) every terminal's outbox and makes its agent; nothing runs until <see cref="Start"/>.</summary>
    public static AgentFleet Open(
        GrpcChannel channel,
        string outboxDirectory,
        IEnumerable<TerminalAddress> terminals,
        TerminalAgentOptions? agentOptions = null,
        OutboxOptions? outboxOptions = null,
        TimeProvider? time = null,
        ILoggerFactory? loggers = null) =>
        Open(ServerPool.Of(channel), outboxDirectory, terminals, agentOptions, outboxOptions, time, loggers);

    /// <summary>As the one-channel overload, the agents spread over <paramref name="servers"/>: the n-th terminal starts on the n-th server.</summary>
    public static AgentFleet Open(
        ServerPool servers,
        string outboxDirectory,
        IEnumerable<TerminalAddress> terminals,
        TerminalAgentOptions? agentOptions = null,
        OutboxOptions? outboxOptions = null,
        TimeProvider? time = null,
        ILoggerFactory? loggers = null)
    {
        var agents = new Dictionary<TerminalAddress, TerminalAgent>();
        var outboxes = new List<EventOutbox>();
        var logger = loggers?.CreateLogger<TerminalAgent>();
        try
        {
            foreach (var terminal in terminals)
            {
                if (agents.ContainsKey(terminal))
                {
                    continue;
                }

                var outbox = EventOutbox.Open(OutboxPath(outboxDirectory, terminal), terminal.Checkpoint, terminal.Terminal, outboxOptions, time);
                outboxes.Add(outbox);
                agents[terminal] = new TerminalAgent(servers, agents.Count, outbox, agentOptions, time, logger);
            }
        }
        catch
        {
            foreach (var outbox in outboxes)
            {
                outbox.Dispose();
            }

            throw;
        }

        return new AgentFleet(agents, outboxes);
    }

    public void Start()
    {
        foreach (var agent in Agents)
        {
            agent.Start();
        }
    }

    /// <summary>Records events at their terminals, one outbox transaction per terminal.</summary>
    public void Record(IReadOnlyList<TerminalEvent> events)
    {
        var byTerminal = new Dictionary<TerminalAddress, List<CrossingEvent>>();
        foreach (var item in events)
        {
            if (!byTerminal.TryGetValue(item.Terminal, out var list))
            {
                byTerminal[item.Terminal] = list = [];
            }

            list.Add(item.Event);
        }

        foreach (var (terminal, list) in byTerminal)
        {
            if (!_agents.TryGetValue(terminal, out var agent))
            {
                throw new InvalidOperationException($"The fleet has no agent for {terminal}.");
            }

            agent.Record(list);
        }
    }

    /// <summary>Waits until every outbox's backlog is empty; false if the token fires first.</summary>
    public async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        var waits = new Task[Agents.Count];
        for (var i = 0; i < waits.Length; i++)
        {
            waits[i] = Agents[i].WaitUntilDrainedAsync(cancellationToken);
        }

        try
        {
            await Task.WhenAll(waits).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops every agent gracefully (half-close, last acks), resetting the streams when the token fires.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        var stops = new Task[Agents.Count];
        for (var i = 0; i < stops.Length; i++)
        {
            stops[i] = Agents[i].StopAsync(cancellationToken);
        }

        return Task.WhenAll(stops);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var outbox in _outboxes)
        {
            outbox.Dispose();
        }
    }
}

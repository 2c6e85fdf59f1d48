using CheckpointGrid.Bench.Rpc.Workers;

namespace CheckpointGrid.Bench.Rpc;

/// <summary>The scenarios the <c>rpc</c> command runs, on one stream and on N.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> For(RpcBenchOptions options)
    {
        var n = options.Concurrency;
        Scenario[] all =
        [
            new("unary", 1, "calls/s", true, static (channel, control) => new UnaryWorker(channel, control)),
            new("unary", n, "calls/s", true, static (channel, control) => new UnaryWorker(channel, control)),
            new("server-streaming", 1, "msgs/s", false, static (channel, control) => new ServerStreamingWorker(channel, control)),
            new("server-streaming", n, "msgs/s", false, static (channel, control) => new ServerStreamingWorker(channel, control)),
            new("client-streaming", 1, "msgs/s", false, static (channel, control) => new ClientStreamingWorker(channel, control)),
            new("client-streaming", n, "msgs/s", false, static (channel, control) => new ClientStreamingWorker(channel, control)),
            new("ping-pong", 1, "round trips/s", true, static (channel, control) => new PingPongWorker(channel, control)),
            new("ping-pong", n, "round trips/s", true, static (channel, control) => new PingPongWorker(channel, control)),
        ];
        var chosen = new List<Scenario>();
        var names = new HashSet<string>();
        foreach (var scenario in all)
        {
            var wanted = options.Scenarios.Count == 0 || options.Scenarios.Contains(scenario.Kind);
            if (wanted && names.Add(scenario.Name))
            {
                chosen.Add(scenario);
            }
        }
        return chosen;
    }
}

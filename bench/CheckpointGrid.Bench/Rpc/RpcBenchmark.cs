using System.Runtime.InteropServices;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Rpc;

/// <summary>
/// The <c>rpc</c> command: every scenario, against our server and (with --peer) a peer server,
/// for each run; then medians, ranges and ratios. Scenarios alternate between the servers, and
/// which goes first alternates by run, so a noisy neighbour's burst does not favour one side.
/// </summary>
internal static class RpcBenchmark
{
    public static async Task<int> RunAsync(RpcBenchOptions options)
    {
        var scenarios = ScenarioCatalog.For(options);
        var targets = new List<LoadTarget>();
        // Ctrl+C or a kill must not leave a server behind: the default handling ends the
        // process without running the finally below, so kill the servers first.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillServers(targets));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillServers(targets));
        try
        {
            Add(targets, options.Target is { } address
                ? LoadTarget.External(address, options.ServerPid, options.Connections)
                : await LoadTarget.StartAsync(ServerKind.Ours, options.Connections));
            if (options.Peer is { } peer)
            {
                Add(targets, await LoadTarget.StartAsync(peer, options.Connections));
            }
            ResultReport.PrintHeader(options, targets);

            // One unmeasured pass first, so that every run measures code the JIT has finished
            // tiering up, on warm connections and thread pools, not the first run's start-up.
            Console.WriteLine($"\nwarm-up pass: every scenario for {options.Warmup.TotalSeconds:0} s, not recorded");
            var warmup = options with { Duration = options.Warmup };
            foreach (var scenario in scenarios)
            {
                foreach (var target in targets)
                {
                    await LoadRunner.RunAsync(target, scenario, warmup);
                }
            }

            var results = new List<ScenarioResult>();
            for (var run = 1; run <= options.Runs; run++)
            {
                Console.WriteLine($"\nrun {run}/{options.Runs}");
                foreach (var scenario in scenarios)
                {
                    for (var i = 0; i < targets.Count; i++)
                    {
                        var target = targets[(i + run - 1) % targets.Count];
                        var result = await LoadRunner.RunAsync(target, scenario, options);
                        ResultReport.PrintResult(result);
                        results.Add(result);
                    }
                }
            }
            ResultReport.PrintSummary(results, scenarios, targets, options.Runs);
            foreach (var target in targets)
            {
                if (target.UnexpectedOutput is { } output)
                {
                    Console.WriteLine($"\n{target.Name} server printed, while under load:\n{output}");
                }
            }
            return 0;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"\nbenchmark failed: {ex}");
            foreach (var target in targets)
            {
                if (target.UnexpectedOutput is { } output)
                {
                    await Console.Error.WriteLineAsync($"\n{target.Name} server's last output:\n{output}");
                }
            }
            return 1;
        }
        finally
        {
            foreach (var target in targets)
            {
                await target.DisposeAsync();
            }
        }
    }

    private static void Add(List<LoadTarget> targets, LoadTarget target)
    {
        lock (targets)
        {
            targets.Add(target);
        }
    }

    private static void KillServers(List<LoadTarget> targets)
    {
        lock (targets)
        {
            foreach (var target in targets)
            {
                target.KillServer();
            }
        }
    }
}

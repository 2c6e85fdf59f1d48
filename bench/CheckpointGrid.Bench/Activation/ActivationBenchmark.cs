using System.Runtime.InteropServices;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Bench.Servers;
using CheckpointGrid.Core;

namespace CheckpointGrid.Bench.Activation;

/// <summary>
/// The <c>activation</c> command: what a checkpoint with many stored events costs at start. Fills a data directory
/// through the real server (N events at one checkpoint), then restarts the server on it and on an empty one
/// (alternating) and times each start to SERVING; then, without a server, times what the checkpoint grain's
/// activation does with the store. With a baseline build, its start-up is measured the same way on its own
/// filled directory (the store formats differ).
/// </summary>
internal static class ActivationBenchmark
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(ActivationBenchOptions options)
    {
        Console.WriteLine($"activation: {options.Events:N0} events into {ActivationBenchOptions.Checkpoint} through Ingest ({options.Terminals} terminals), " +
            $"occurred over the last {options.HistoryDays} days, " +
            $"then {options.Repeats} restart(s) on it and on an empty store, alternating, and {options.Repeats} load(s) of the checkpoint straight from the store");
        IngestReport.PrintBuilds(options.Builds);
        var dirs = new List<string>();
        IngestServerProcess? running = null;
        void Current(IngestServerProcess? server) => Volatile.Write(ref running, server);
        void Interrupted(PosixSignalContext _)
        {
            Volatile.Read(ref running)?.Kill();
            Delete(dirs);
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupted);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupted);
        try
        {
            var stores = new Dictionary<ServerBuild, (string Full, string Empty, SimulatedTerminal[] Terminals)>();
            foreach (var build in options.Builds)
            {
                stores[build] = await PrepareAsync(build, options, dirs);
            }

            var starts = new Dictionary<ServerBuild, (List<double?> Empty, List<double?> Full, List<double?> Query)>();
            foreach (var build in options.Builds)
            {
                starts[build] = ([], [], []);
            }
            for (var repeat = 1; repeat <= options.Repeats; repeat++)
            {
                for (var turn = 0; turn < options.Builds.Count; turn++)
                {
                    var build = options.Builds[(repeat - 1 + turn) % options.Builds.Count];
                    var (full, empty, terminals) = stores[build];
                    var fullFirst = repeat % 2 == 0;
                    foreach (var withEvents in fullFirst ? new[] { true, false } : [false, true])
                    {
                        var result = await ServerRestart.MeasureAsync(
                            build, withEvents ? full : empty, ActivationBenchOptions.Checkpoint, withEvents ? terminals : [], Current);
                        Console.WriteLine($"  restart {repeat}, {build.Name,-8} {(withEvents ? $"{options.Events:N0} events" : "empty store"),-16}: " +
                            $"start -> SERVING {result.StartMs,8:N0} ms; GetCheckpointCounts: first call {result.FirstCallMs,6:N1} ms, " +
                            $"then {ActivationBenchOptions.Checkpoint} {result.CheckpointQueryMs,5:N1} ms; RSS when ready {result.RssMib:N0} MiB");
                        var (emptyStarts, fullStarts, queries) = starts[build];
                        (withEvents ? fullStarts : emptyStarts).Add(result.StartMs);
                        if (withEvents)
                        {
                            queries.Add(result.CheckpointQueryMs);
                        }
                    }
                }
            }

            var loads = new List<StoreActivation.Result>();
            var (newFull, _, newTerminals) = stores[ServerBuild.Current];
            var people = 0L;
            foreach (var terminal in newTerminals)
            {
                people += terminal.AckedPeople;
            }
            for (var repeat = 1; repeat <= options.Repeats; repeat++)
            {
                var load = await StoreActivation.MeasureAsync(newFull, CheckpointId.Parse(ActivationBenchOptions.Checkpoint));
                if (load.People != (ulong)people)
                {
                    throw new InvalidOperationException($"The restored counter has {load.People:N0} people; {people:N0} were acknowledged.");
                }
                Console.WriteLine($"  store load {repeat}, new: open {load.OpenMs:N1} ms, LoadAsync + Restore {load.FirstMs:N2} ms (again: {load.SecondMs:N2} ms); " +
                    $"{load.Rows} counts rows, version {load.Version:N0}, {load.People:N0} people");
                loads.Add(load);
            }

            PrintSummary(options, starts, loads);
            return 0;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"\nbenchmark failed: {ex}");
            return 1;
        }
        finally
        {
            Delete(dirs);
        }
    }

    /// <summary>The filled data directory and an empty one (started and stopped once, so it holds a store with no events) for <paramref name="build"/>.</summary>
    private static async Task<(string Full, string Empty, SimulatedTerminal[] Terminals)> PrepareAsync(ServerBuild build, ActivationBenchOptions options, List<string> dirs)
    {
        var full = IngestServerProcess.NewDataDir("activation-full");
        var empty = IngestServerProcess.NewDataDir("activation-empty");
        dirs.Add(full);
        dirs.Add(empty);
        var terminals = new SimulatedTerminal[options.Terminals];
        for (var i = 0; i < terminals.Length; i++)
        {
            terminals[i] = new SimulatedTerminal(i, ActivationBenchOptions.Checkpoint);
        }
        Console.WriteLine($"\nfilling {build}");
        var rate = await CheckpointFill.FillAsync(build, full, terminals, options.Events, TimeSpan.FromDays(options.HistoryDays));
        long events = 0;
        foreach (var terminal in terminals)
        {
            events += terminal.AckedEvents;
        }
        Console.WriteLine($"  {build.Name}: {events:N0} events stored at {rate:N0} events/s; the store takes {Bytes(full) / 1024.0 / 1024.0:N0} MiB on disk (after an orderly stop)");
        await using (var server = await IngestServerProcess.StartAsync(build, empty, ownsDataDir: false))
        {
            await server.StopAsync(StopTimeout);
        }
        return (full, empty, terminals);
    }

    private static void PrintSummary(
        ActivationBenchOptions options, Dictionary<ServerBuild, (List<double?> Empty, List<double?> Full, List<double?> Query)> starts, List<StoreActivation.Result> loads)
    {
        Console.WriteLine($"\nsummary over {options.Repeats} repeat(s): median [min-max], ms");
        foreach (var build in options.Builds)
        {
            var (empty, full, query) = starts[build];
            var extra = new List<double?>();
            for (var i = 0; i < empty.Count && i < full.Count; i++)
            {
                extra.Add(full[i] - empty[i]);
            }
            Line($"{build.Name} server, start -> SERVING, empty store", Spread.Show(Spread.Of(empty), "N0"));
            Line($"{build.Name} server, start -> SERVING, {options.Events:N0} events", Spread.Show(Spread.Of(full), "N0"));
            Line($"{build.Name} server, of which the events (per repeat)", Spread.Show(Spread.Of(extra), "N0"));
            Line($"{build.Name} server, {ActivationBenchOptions.Checkpoint}'s first GetCheckpointCounts", Spread.Show(Spread.Of(query), "N1"));
        }
        Line("new store, open", Spread.Show(Spread.Of(loads, static l => l.OpenMs), "N1"));
        Line("new store, LoadAsync + Restore (the activation)", Spread.Show(Spread.Of(loads, static l => l.FirstMs), "N2"));
        Line("new store, the same again (pooled connection)", Spread.Show(Spread.Of(loads, static l => l.SecondMs), "N2"));
        if (options.Baseline is { } baseline)
        {
            Comparison.PrintHeader(options.Repeats);
            Comparison.PrintRow("start -> SERVING ms, empty store", starts[ServerBuild.Current].Empty, starts[baseline].Empty, "N0");
            Comparison.PrintRow($"start -> SERVING ms, {options.Events:N0} events", starts[ServerBuild.Current].Full, starts[baseline].Full, "N0");
        }
    }

    private static void Line(string label, string value) => Console.WriteLine($"  {label,-62} {value}");

    private static long Bytes(string dir)
    {
        long bytes = 0;
        foreach (var file in new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            bytes += file.Length;
        }
        return bytes;
    }

    private static void Delete(List<string> dirs)
    {
        foreach (var dir in dirs)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            catch (IOException)
            {
                // A server still closing it; the next call (the finally after the signal) deletes it.
            }
        }
    }
}

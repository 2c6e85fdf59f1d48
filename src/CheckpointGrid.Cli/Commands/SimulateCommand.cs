using System.CommandLine;
using System.Globalization;
using CheckpointGrid.Cli.Runs;
using CheckpointGrid.Cli.Simulation;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Catalog;
using Checkpoint = CheckpointGrid.Core.Catalog.Checkpoint;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`simulate`: realistic live flows at the catalog's checkpoints, through one agent per terminal.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var connection = new ServerConnectionOptions();
        var terminals = new Option<int>("--terminals") { Description = "Terminals at each checkpoint (sim-1 … sim-N), each with its own outbox and stream.", DefaultValueFactory = _ => 1 };
        var scale = new Option<double>("--scale") { Description = "Times the published 2025 flows (1 = SNM's magnitudes: ~73 southbound entries and ~60 Miramar boat departures a day; shelters turn over about once a day).", DefaultValueFactory = _ => 100 };
        var rate = new Option<double?>("--rate") { Description = "Events per second over all terminals instead of --scale, averaged over a day (the day/night rhythm makes daytime ~1.5× and night ~0.15× of it; see --flat); the checkpoints keep their 2025 proportions." };
        var flat = new Option<bool>("--flat") { Description = "A constant rate, without the day/night rhythm." };
        var duration = new Option<double?>("--duration") { Description = "Stop recording after this many seconds." };
        var count = new Option<long?>("--count") { Description = "Stop recording after this many events. Without --duration or --count, runs until Ctrl+C." };
        var seed = new Option<int?>("--seed") { Description = "Seed of every draw: the same seed gives the same events (times relative to the start). Default: random." };
        var checkpoints = new Option<string[]>("--checkpoints") { Description = "Catalog ids to simulate (comma- or space-separated). Default: every active checkpoint of the default catalog.", AllowMultipleArgumentsPerToken = true };
        var outboxDir = new Option<string>("--outbox-dir") { Description = "Directory of the terminals' outboxes (<checkpoint>_<terminal>.db).", DefaultValueFactory = _ => "outbox" };
        var runTag = new Option<string?>("--run-id") { Description = "Tag in every event_id (sim-<tag>-<n>); reusing one makes a rerun's events duplicates. Default: random." };
        var drainTimeout = new Option<double>("--drain-timeout") { Description = "Seconds to wait, after recording stops, for the server to acknowledge everything.", DefaultValueFactory = _ => 60 };
        var logLevel = SharedOptions.LogLevel();
        var statusInterval = SharedOptions.StatusInterval();
        var tuning = new SharedOptions.Tuning();
        var command = new Command("simulate", """
            Simulates live crossings at the catalog's checkpoints and sends them through terminal agents
            (one outbox and Ingest stream per terminal). The mix follows SNM's published figures (2024):
            nationalities from the Darién statistics by nationality, sex and age from the monthly
            men/women/boys/girls, families of 2–6 now and then. Flows follow 2025's published
            magnitudes (times --scale): the southbound flow enters at Paso Canoas (13,200 by 1 July),
            boards boats at Miramar (22,000 in the year), Palenque and Cartí, and leaves from Puerto
            Obaldía; the little northbound flow passes San Vicente, Metetí and Los Planes de Gualaca;
            airports board repatriation flights. Shelters start where the server counts them and are
            steered to 85 % of their published capacity, never above it.
            Example: checkpointgrid simulate --server http://127.0.0.1:50051 --terminals 2 --scale 100 --duration 60 --seed 7
            """)
        {
            terminals, scale, rate, flat, duration, count, seed, checkpoints, outboxDir, runTag, drainTimeout, logLevel, statusInterval,
        };
        tuning.AddTo(command);
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = ConsoleLogging.Create(parse.GetValue(logLevel));
            var random = new Random();
            var options = new SimulationOptions
            {
                Checkpoints = SelectCheckpoints(parse.GetValue(checkpoints)),
                TerminalsPerCheckpoint = parse.GetValue(terminals),
                EventsPerSecond = parse.GetValue(rate),
                Scale = parse.GetValue(scale),
                InitialOccupants = await ShelterOccupants.ReadAsync(connection.Open(parse), parse.InvocationConfiguration.Error, cancellationToken),
                DayRhythm = !parse.GetValue(flat),
                Seed = parse.GetValue(seed) ?? random.Next(),
                Start = TimeProvider.System.GetUtcNow(),
                RunTag = parse.GetValue(runTag) ?? random.Next().ToString("x8", CultureInfo.InvariantCulture),
            };
            var simulator = new Simulator(options);
            var secondsLimit = parse.GetValue(duration);
            var run = new FleetRun
            {
                Servers = connection.Servers(parse),
                Trust = connection.Trust(parse),
                BearerToken = connection.BearerToken(parse),
                OutboxDirectory = parse.GetRequiredValue(outboxDir),
                Terminals = simulator.Terminals,
                AgentOptions = tuning.AgentOptions(parse),
                OutboxOptions = tuning.OutboxOptions(parse),
                StatusInterval = TimeSpan.FromSeconds(parse.GetValue(statusInterval)),
                DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(drainTimeout)),
                Loggers = loggers,
                Status = parse.InvocationConfiguration.Error,
            };
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"simulate: {options.Checkpoints.Count} checkpoints × {options.TerminalsPerCheckpoint} terminals, {simulator.EventsPerSecond.ToString("0.###", CultureInfo.InvariantCulture)} events/s, seed {options.Seed}, run {options.RunTag}, outboxes in {run.OutboxDirectory}");
            return await run.RunAsync(
                (fleet, token) => SimulationFeed.RunAsync(
                    simulator, fleet, options.Start, secondsLimit is { } s ? TimeSpan.FromSeconds(s) : null, parse.GetValue(count), TimeProvider.System, token),
                cancellationToken);
        });
        return command;
    }

    /// <summary>The named checkpoints, or every active one of the default catalog.</summary>
    internal static IReadOnlyList<Checkpoint> SelectCheckpoints(string[]? ids)
    {
        var catalog = DefaultCatalog.Checkpoints;
        var named = SplitIds(ids);
        if (named.Count == 0)
        {
            return [.. catalog.Where(c => c.State == CheckpointState.Active)];
        }

        var selected = new List<Checkpoint>();
        foreach (var id in named)
        {
            var checkpoint = catalog.FirstOrDefault(c => c.Id == id)
                ?? throw new ArgumentException($"{id} is not in the default catalog; known: {string.Join(", ", catalog.Select(c => c.Id))}.");
            selected.Add(checkpoint);
        }

        return selected;
    }

    internal static List<CheckpointId> SplitIds(string[]? values)
    {
        var ids = new List<CheckpointId>();
        foreach (var value in values ?? [])
        {
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var id = CheckpointId.Parse(part);
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }
}

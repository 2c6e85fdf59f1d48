using System.CommandLine;
using CheckpointGrid.Cli.Data;
using CheckpointGrid.Cli.Replay;
using CheckpointGrid.Cli.Runs;
using CheckpointGrid.Cli.Sources;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`replay`: a month of SNM's Darién figures as individual events whose totals equal the month's row.</summary>
internal static class ReplayCommand
{
    private const int RecordChunk = 5_000;

    public static Command Create()
    {
        var connection = new ServerConnectionOptions();
        var file = new Option<string?>("--file") { Description = "A CSV shaped like darien_monthly_snm.csv (year,month,total,men,women,boys,girls,minors,VEN,ECU,HTI,COL,CHN,other). Default: the embedded copy (2021-01 to 2025-04)." };
        var year = new Option<int?>("--year") { Description = "Year of the row to replay (needed when the file has more than one row)." };
        var month = new Option<int?>("--month") { Description = "Month (1–12) of the row to replay." };
        var checkpoints = new Option<string[]>("--checkpoints") { Description = "Reception stations that record the arrivals, comma-separated.", AllowMultipleArgumentsPerToken = true };
        var terminals = new Option<int>("--terminals") { Description = "Terminals per checkpoint (replay-1 … replay-N).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the draws (times, families, terminals)." };
        var outboxDir = new Option<string>("--outbox-dir") { Description = "Directory of the terminals' outboxes.", DefaultValueFactory = _ => "outbox" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the month's breakdowns and the events' sums; send nothing." };
        var drainTimeout = new Option<double>("--drain-timeout") { Description = "Seconds to wait for the server to acknowledge everything.", DefaultValueFactory = _ => 300 };
        var logLevel = SharedOptions.LogLevel();
        var statusInterval = SharedOptions.StatusInterval();
        var tuning = new SharedOptions.Tuning();
        var command = new Command("replay", """
            Replays one month of SNM's Darién statistics as individual northbound arrivals at the Darién
            reception stations, spread over the month's days (busier by day), such that the national
            totals equal the month's row exactly: by sex and age (men → adult male, women → adult
            female, boys/girls → minor male/female, split into the protocol's age bands) and by
            nationality (VEN, ECU, HTI, COL, CHN, and "other" spread over that month's remaining
            nationalities in SNM's long-form table, its "OOO" (other/unknown) among them; all "OOO" when
            a month has no long form). Deterministic; families of 2–6 share one event.
            Example: checkpointgrid replay --server http://127.0.0.1:50051 --year 2023 --month 9
            """)
        {
            file, year, month, checkpoints, terminals, seed, outboxDir, dryRun, drainTimeout, logLevel, statusInterval,
        };
        tuning.AddTo(command);
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var row = SelectRow(parse.GetValue(file), parse.GetValue(year), parse.GetValue(month));
            var stations = SimulateCommand.SplitIds(parse.GetValue(checkpoints));
            var options = new ReplayOptions
            {
                Terminals = ReplayOptions.TerminalsAt(stations.Count > 0 ? stations : ReplayOptions.DefaultCheckpoints, parse.GetValue(terminals)),
                Seed = parse.GetValue(seed),
                NotAfter = TimeProvider.System.GetUtcNow(),
            };
            var replayed = ReplayGenerator.Generate(row, SnmNationalityTable.Embedded, options);
            ReplaySummary.Write(replayed, parse.InvocationConfiguration.Output);
            if (parse.GetValue(dryRun))
            {
                return 0;
            }

            using var loggers = ConsoleLogging.Create(parse.GetValue(logLevel));
            var run = new FleetRun
            {
                Servers = connection.Servers(parse),
                Trust = connection.Trust(parse),
                BearerToken = connection.BearerToken(parse),
                OutboxDirectory = parse.GetRequiredValue(outboxDir),
                Terminals = options.Terminals,
                AgentOptions = tuning.AgentOptions(parse),
                OutboxOptions = tuning.OutboxOptions(parse),
                StatusInterval = TimeSpan.FromSeconds(parse.GetValue(statusInterval)),
                DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(drainTimeout)),
                Loggers = loggers,
                Status = parse.InvocationConfiguration.Error,
            };
            return await run.RunAsync((fleet, token) => RecordAll(fleet, replayed.Events, token), cancellationToken);
        });
        return command;
    }

    private static SnmMonth SelectRow(string? path, int? year, int? month)
    {
        IReadOnlyList<SnmMonth> rows;
        if (path is null)
        {
            rows = SnmMonthlyTable.Embedded;
        }
        else
        {
            using var reader = File.OpenText(path);
            rows = SnmMonthlyTable.Read(reader);
        }

        if (year is { } y && month is { } m)
        {
            return SnmMonthlyTable.Find(rows, y, m);
        }

        if (year is not null || month is not null)
        {
            throw new ArgumentException("Give both --year and --month, or neither (for a file of one row).");
        }

        return rows.Count == 1 ? rows[0] : throw new ArgumentException($"The table has {rows.Count} rows: say which with --year and --month.");
    }

    private static Task RecordAll(AgentFleet fleet, IReadOnlyList<TerminalEvent> events, CancellationToken cancellationToken)
    {
        var chunk = new List<TerminalEvent>(RecordChunk);
        foreach (var item in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            chunk.Add(item);
            if (chunk.Count == RecordChunk)
            {
                fleet.Record(chunk);
                chunk.Clear();
            }
        }

        fleet.Record(chunk);
        return Task.CompletedTask;
    }
}

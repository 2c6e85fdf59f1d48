using CheckpointGrid.Cli.Data;
using CheckpointGrid.Cli.Replay;
using CheckpointGrid.Cli.Runs;
using CheckpointGrid.Cli.Simulation;
using CheckpointGrid.Cli.Tests.Fixtures;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Catalog;
using Microsoft.Extensions.Logging.Abstractions;

namespace CheckpointGrid.Cli.Tests.Runs;

public sealed class FleetRunTests
{
    [Fact]
    public async Task A_replayed_month_reaches_the_server_exactly_even_with_a_dropped_connection()
    {
        var ledger = new FakeIngestLedger();
        var behavior = new FakeIngestBehavior { MaxBatchEvents = 200 }.At(2, IngestFault.AbortAfterCommit);
        await using var server = await FakeIngestServer.StartAsync(ledger, behavior);
        using var directory = new TempDirectory();
        var row = SnmMonthlyTable.Find(SnmMonthlyTable.Embedded, 2023, 1);
        var options = new ReplayOptions { Terminals = ReplayOptions.TerminalsAt(ReplayOptions.DefaultCheckpoints, 2) };
        var replayed = ReplayGenerator.Generate(row, SnmNationalityTable.Embedded, options);
        var status = new StringWriter();

        var exitCode = await Run(server, directory, options.Terminals, status).RunAsync(
            (fleet, _) =>
            {
                fleet.Record(replayed.Events);
                return Task.CompletedTask;
            },
            CancellationToken.None);

        Assert.Equal(0, exitCode);
        var counted = ledger.Counted;
        // This failed a few times in full runs (count short by ~300 people, exit code 0) and never alone: say what the
        // server saw, so that the next failure explains itself.
        var seen = $"replayed {replayed.Events.Count} events ({replayed.Events.Sum(e => (long)e.Event.Headcount)} people); the server counted " +
            $"{counted.Count}, refused {ledger.Rejections.Count} ({string.Join("; ", ledger.Rejections.Take(3).Select(r => $"{r.Field} {r.Reason}"))}), " +
            $"took {ledger.Duplicates} duplicates, over streams {string.Join(", ", ledger.Streams.Select(s => $"{s.Terminal}@{s.NextSequence}"))}; status:\n{status}";
        Assert.True(row.Total == counted.Sum(e => (long)e.Headcount), $"Expected {row.Total} people counted: {seen}");
        Assert.Equal(row.Boys + row.Girls, counted.Where(e => e.AgeGroup is AgeGroup.Ages0To4 or AgeGroup.Ages5To11 or AgeGroup.Ages12To17).Sum(e => (long)e.Headcount));
        Assert.Equal(row.Women + row.Girls, counted.Where(e => e.Sex == Sex.Female).Sum(e => (long)e.Headcount));
        Assert.Equal(row.Haiti, counted.Where(e => e.Nationality == "HTI").Sum(e => (long)e.Headcount));
        Assert.Equal(replayed.Events.Count, counted.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(4, ledger.Streams.Select(s => (s.Checkpoint, s.Terminal)).Distinct().Count());
        Assert.Contains($"acked {replayed.Events.Count} ", status.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_simulation_records_the_count_asked_at_its_terminals()
    {
        var ledger = new FakeIngestLedger();
        await using var server = await FakeIngestServer.StartAsync(ledger, new FakeIngestBehavior());
        using var directory = new TempDirectory();
        var simulator = new Simulator(new SimulationOptions
        {
            Checkpoints = [.. DefaultCatalog.Checkpoints.Where(c => c.Id.Value is "PA-CHI-PCN" or "PA-COL-MRM" or "PA-GNA-POB")],
            TerminalsPerCheckpoint = 2,
            EventsPerSecond = 3000,
            DayRhythm = false,
            Seed = 11,
            Start = TimeProvider.System.GetUtcNow(),
            RunTag = "fleet",
        });

        var exitCode = await Run(server, directory, simulator.Terminals, new StringWriter()).RunAsync(
            (fleet, token) => SimulationFeed.RunAsync(simulator, fleet, TimeProvider.System.GetUtcNow(), duration: null, maxEvents: 300, TimeProvider.System, token),
            CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(300, ledger.Counted.Count);
        Assert.Equal(6, ledger.Counted.Select(e => (e.CheckpointId, e.TerminalId)).Distinct().Count());
        Assert.All(Directory.GetFiles(directory.Path, "*.db"), path => Assert.Matches(@"PA-[A-Z]{3}-[A-Z]{3}_sim-\d\.db$", path));
    }

    private static FleetRun Run(FakeIngestServer server, TempDirectory directory, IReadOnlyList<Sources.TerminalAddress> terminals, StringWriter status) => new()
    {
        Servers = [server.Address],
        OutboxDirectory = directory.Path,
        Terminals = terminals,
        AgentOptions = AgentHarness.FastRetries(),
        StatusInterval = TimeSpan.FromHours(1),
        DrainTimeout = AgentHarness.Timeout,
        Loggers = NullLoggerFactory.Instance,
        Status = status,
    };
}

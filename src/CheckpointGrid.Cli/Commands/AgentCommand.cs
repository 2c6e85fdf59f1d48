using System.CommandLine;
using CheckpointGrid.Cli.Agent;
using CheckpointGrid.Cli.Outbox;
using CheckpointGrid.Cli.Runs;
using CheckpointGrid.Core;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`agent`: one terminal's agent over an existing outbox (sends what earlier runs left).</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var connection = new ServerConnectionOptions();
        var checkpoint = new Option<string>("--checkpoint") { Description = "The checkpoint's catalog id, e.g. PA-DAR-SVC.", Required = true };
        var terminal = new Option<string>("--terminal") { Description = "This terminal's id, e.g. svc-1 (letters, digits, - _ . :).", Required = true };
        var outbox = new Option<string>("--outbox") { Description = "The terminal's outbox, a SQLite file; created if absent.", Required = true };
        var exitWhenDrained = new Option<bool>("--exit-when-drained") { Description = "Exit once everything in the outbox is acknowledged, instead of running until Ctrl+C." };
        var logLevel = SharedOptions.LogLevel();
        var statusInterval = SharedOptions.StatusInterval();
        var tuning = new SharedOptions.Tuning();
        var command = new Command("agent", """
            Runs the terminal agent for one terminal. Every event is first written to the local outbox
            (SQLite, WAL), which numbers it (sequence, contiguous from 1) in the same transaction, so an
            event recorded while the server is unreachable is kept. A sender keeps an Ingest stream open:
            it reads opened.next_sequence, marks outbox events below it acknowledged, sends the rest in
            batches (a few in flight) and marks events acknowledged as acks arrive; rejected events are
            kept in the outbox with the field and reason (see `outbox`). After any error it reconnects
            with exponential backoff and jitter and resumes from the server's next_sequence. Given
            several servers of one cluster, it starts on one its terminal id picks and moves to the
            next when that one fails.
            On its own the agent sends what is in the outbox; `simulate` and `replay` run agents fed by
            a source. A status line goes to stderr every --status-interval seconds.
            Example: checkpointgrid agent --server http://127.0.0.1:50051 --checkpoint PA-DAR-SVC --terminal svc-1 --outbox svc-1.db
            """)
        {
            checkpoint, terminal, outbox, exitWhenDrained, logLevel, statusInterval,
        };
        connection.AddTo(command);
        tuning.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = ConsoleLogging.Create(parse.GetValue(logLevel));
            var checkpointId = CheckpointId.Parse(parse.GetValue(checkpoint));
            var terminalId = TerminalId.Parse(parse.GetValue(terminal));
            using var servers = connection.Open(parse);
            using var box = EventOutbox.Open(parse.GetRequiredValue(outbox), checkpointId, terminalId, tuning.OutboxOptions(parse));
            // Terminals given the same servers spread over them: each starts on one its id picks.
            var first = (int)(StableHash($"{checkpointId}/{terminalId}") % (uint)servers.Count);
            await using var agent = new TerminalAgent(servers, first, box, tuning.AgentOptions(parse), logger: loggers.CreateLogger<TerminalAgent>());
            using var reporter = new StatusReporter([agent], parse.InvocationConfiguration.Error, TimeSpan.FromSeconds(parse.GetValue(statusInterval)));
            agent.Start();
            try
            {
                if (parse.GetValue(exitWhenDrained))
                {
                    await agent.WaitUntilDrainedAsync(cancellationToken);
                }
                else
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }

            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await agent.StopAsync(stopTimeout.Token);
            reporter.Report();
            return agent.Outbox.Backlog == 0 ? 0 : FleetRun.NotDrained;
        });
        return command;
    }

    /// <summary>FNV-1a of <paramref name="text"/>: the same number in every process and run (unlike string.GetHashCode).</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}

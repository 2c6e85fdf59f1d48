using System.CommandLine;
using System.Globalization;
using CheckpointGrid.Cli.Outbox;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`outbox FILE`: what an outbox holds, and the events the server rejected.</summary>
internal static class OutboxCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("FILE") { Description = "The outbox (SQLite file) of a terminal." };
        var limit = new Option<int>("--rejections") { Description = "How many of the latest rejections to list.", DefaultValueFactory = _ => 20 };
        var command = new Command("outbox", """
            Shows an outbox (not while its agent runs: the agent holds it exclusively): the terminal,
            the last sequence numbered, what the server acknowledged, the backlog, and the events the
            server rejected, with the field and the reason.
            Example: checkpointgrid outbox outbox/PA-DAR-SVC_sim-1.db
            """)
        {
            path, limit,
        };
        command.SetAction(parse =>
        {
            using var outbox = EventOutbox.OpenExisting(parse.GetRequiredValue(path));
            var output = parse.InvocationConfiguration.Output;
            var culture = CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(culture, $"{outbox.Terminal}@{outbox.Checkpoint}: last sequence {outbox.LastSequence}, acknowledged through {outbox.AcknowledgedThrough}, backlog {outbox.Backlog}, rejections {outbox.RejectionCount()}"));
            foreach (var rejection in outbox.Rejections(parse.GetValue(limit)))
            {
                output.WriteLine(string.Create(culture, $"  {rejection.RejectedAt:u} sequence {rejection.Sequence} {rejection.EventId}: {rejection.Field}: {rejection.Reason}"));
            }

            return 0;
        });
        return command;
    }
}

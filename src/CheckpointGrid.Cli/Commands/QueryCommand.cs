using System.CommandLine;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`query national | region NAME | checkpoint ID`: prints a scope's live counts.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var connection = new ServerConnectionOptions();
        var json = new Option<bool>("--json") { Description = "Print the response as proto JSON instead of a summary." };
        var region = new Argument<string>("NAME") { Description = "Region name exactly as in the catalog, e.g. \"Darién\"." };
        var checkpoint = new Argument<string>("ID") { Description = "Checkpoint catalog id, e.g. PA-DAR-SVC." };

        var national = new Command("national", "All checkpoints of the catalog.");
        national.SetAction((parse, token) => QueryAsync(parse, connection, json, (client, options) => client.GetNationalCountsAsync(new GetNationalCountsRequest(), options), r => r.Counts, token));
        var regionCommand = new Command("region", "All checkpoints of one province or comarca.") { region };
        regionCommand.SetAction((parse, token) => QueryAsync(parse, connection, json, (client, options) => client.GetRegionCountsAsync(new GetRegionCountsRequest { Region = parse.GetRequiredValue(region) }, options), r => r.Counts, token));
        var checkpointCommand = new Command("checkpoint", "One checkpoint.") { checkpoint };
        checkpointCommand.SetAction((parse, token) => QueryAsync(parse, connection, json, (client, options) => client.GetCheckpointCountsAsync(new GetCheckpointCountsRequest { CheckpointId = parse.GetRequiredValue(checkpoint) }, options), r => r.Counts, token));

        var command = new Command("query", """
            Prints the live counts of a scope: per movement, people by direction, sex, age and the top
            nationalities; shelter occupancy against capacity.
            Examples: checkpointgrid query national
                      checkpointgrid query region Darién
                      checkpointgrid query checkpoint PA-DAR-SVC --json
            """);
        foreach (var sub in new[] { national, regionCommand, checkpointCommand })
        {
            connection.AddTo(sub);
            sub.Options.Add(json);
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static async Task<int> QueryAsync<TResponse>(
        ParseResult parse,
        ServerConnectionOptions connection,
        Option<bool> json,
        Func<QueryService.QueryServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        Func<TResponse, ScopeCounts> counts,
        CancellationToken cancellationToken)
        where TResponse : IMessage
    {
        using var servers = connection.Open(parse);
        try
        {
            // Each server gets its own 10 s; a failed one passes the question to the next.
            var response = await servers.CallAsync(
                async channel => await call(new QueryService.QueryServiceClient(channel), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken)),
                cancellationToken);
            if (parse.GetValue(json))
            {
                parse.InvocationConfiguration.Output.WriteLine(JsonFormatter.Default.Format(response));
            }
            else
            {
                CountsPrinter.Write(counts(response), parse.InvocationConfiguration.Output);
            }

            return 0;
        }
        catch (RpcException error)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"query failed: {error.StatusCode}: {error.Status.Detail}");
            return 1;
        }
    }
}

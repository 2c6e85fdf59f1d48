using System.CommandLine;
using System.Globalization;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`watch national | region NAME | checkpoint ID | all`: prints a scope's live counts as they change, until Ctrl+C.</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var connection = new ServerConnectionOptions();
        var json = new Option<bool>("--json") { Description = "Print each message as one line of proto JSON instead of a summary." };
        var interval = new Option<uint>("--interval-ms")
        {
            Description = "Least time between two updates, in milliseconds (50-60000; 0: the server's default, 250).",
        };
        var region = new Argument<string>("NAME") { Description = "Region name exactly as in the catalog, e.g. \"Darién\"." };
        var checkpoint = new Argument<string>("ID") { Description = "Checkpoint catalog id, e.g. PA-DAR-SVC." };

        var national = new Command("national", "The whole country.");
        national.SetAction((parse, token) => WatchAsync(parse, connection, json, interval, new WatchRequest { Scope = new Scope { National = new() } }, token));
        var regionCommand = new Command("region", "One province or comarca.") { region };
        regionCommand.SetAction((parse, token) => WatchAsync(parse, connection, json, interval, new WatchRequest { Scope = new Scope { Region = parse.GetRequiredValue(region) } }, token));
        var checkpointCommand = new Command("checkpoint", "One checkpoint.") { checkpoint };
        checkpointCommand.SetAction((parse, token) => WatchAsync(parse, connection, json, interval, new WatchRequest { Scope = new Scope { CheckpointId = parse.GetRequiredValue(checkpoint) } }, token));
        var all = new Command("all", "Every checkpoint, each on its own.");
        all.SetAction((parse, token) => WatchAsync(parse, connection, json, interval, new WatchRequest { AllCheckpoints = new() }, token));

        var command = new Command("watch", """
            Prints the live counts of a scope as they change, until Ctrl+C: first a snapshot, then each
            update (the scopes that changed, whole), and a heartbeat line when nothing changed for 15 s.
            Examples: checkpointgrid watch national
                      checkpointgrid watch region Darién --interval-ms 1000
                      checkpointgrid watch all --json
            """);
        foreach (var sub in new[] { national, regionCommand, checkpointCommand, all })
        {
            connection.AddTo(sub);
            sub.Options.Add(json);
            sub.Options.Add(interval);
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static async Task<int> WatchAsync(
        ParseResult parse, ServerConnectionOptions connection, Option<bool> json, Option<uint> interval, WatchRequest request, CancellationToken cancellationToken)
    {
        request.MinIntervalMs = parse.GetValue(interval);
        var output = parse.InvocationConfiguration.Output;
        using var channel = connection.Open(parse);
        try
        {
            using var call = new WatchService.WatchServiceClient(channel).Watch(request, new CallOptions(cancellationToken: cancellationToken));
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                var message = call.ResponseStream.Current;
                if (parse.GetValue(json))
                {
                    output.WriteLine(JsonFormatter.Default.Format(message));
                }
                else
                {
                    Write(message, output);
                }
                output.Flush();
            }
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (RpcException error)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"watch failed: {error.StatusCode}: {error.Status.Detail}");
            return 1;
        }
    }

    private static void Write(WatchResponse message, TextWriter output)
    {
        switch (message.PayloadCase)
        {
            case WatchResponse.PayloadOneofCase.Snapshot:
                output.WriteLine("snapshot");
                foreach (var scope in message.Snapshot.Scopes)
                {
                    CountsPrinter.Write(scope, output);
                }
                break;
            case WatchResponse.PayloadOneofCase.Update:
                output.WriteLine("update");
                foreach (var scope in message.Update.Changed)
                {
                    CountsPrinter.Write(scope, output);
                }
                break;
            default:
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heartbeat {message.Heartbeat.ServerTime?.ToDateTimeOffset():u}"));
                break;
        }
    }
}

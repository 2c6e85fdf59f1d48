using System.CommandLine;
using System.Globalization;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using CheckpointGrid.Cli.Channels;
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
            Given several servers of one cluster, it moves to the next when one fails (a new snapshot).
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
        using var servers = connection.Open(parse);
        var heardThisRound = false;
        for (var server = 0; ; server++)
        {
            try
            {
                using var call = new WatchService.WatchServiceClient(servers.ChannelAt(server)).Watch(request, new CallOptions(cancellationToken: cancellationToken));
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    heardThisRound = true;
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
            catch (RpcException error) when (servers.Count > 1 && ServerPool.IsServerFailure(error))
            {
                // Another server of the cluster serves the same counts: watch there, from a fresh snapshot.
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"watch: server {servers.NameAt(server)} failed ({error.StatusCode}: {error.Status.Detail}); watching on {servers.NameAt(server + 1)}");
                if ((server + 1) % servers.Count == 0)
                {
                    // A whole round of failures without a message: pause before the next round.
                    if (!heardThisRound)
                    {
                        try
                        {
                            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                        }
                        catch (OperationCanceledException)
                        {
                            return 0;
                        }
                    }
                    heardThisRound = false;
                }
            }
            catch (RpcException error)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"watch failed: {error.StatusCode}: {error.Status.Detail}");
                return 1;
            }
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

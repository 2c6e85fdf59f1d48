using System.CommandLine;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`status [--watch] [--interval S] [--count N]`: the cluster's silos and what each is doing, once or refreshed.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var connection = new ServerConnectionOptions();
        var watch = new Option<bool>("--watch") { Description = "Print the status again every --interval seconds, until Ctrl+C (or --count tables)." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between two tables with --watch (0.1-3600; default 2).",
            DefaultValueFactory = _ => 2,
        };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0.1 or > 3600)
            {
                result.AddError("--interval: between 0.1 and 3600 seconds.");
            }
        });
        var count = new Option<int>("--count") { Description = "With --watch, stop after this many tables (0, the default: until Ctrl+C)." };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--count: 0 or more.");
            }
        });
        var dead = new Option<bool>("--include-dead") { Description = "Also list the silos the cluster has declared dead." };
        var json = new Option<bool>("--json") { Description = "Print each status as one line of proto JSON instead of a table." };

        var command = new Command("status", """
            Prints the cluster's status (needs an admin token when the server requires tokens): the
            answering server's health and version, then every silo with its state, uptime, version,
            ingest rate (events newly counted per second over the last 10 s), events counted since it
            started, open Ingest streams, watchers, active grains by type, and the changes its region and
            national grains received from their children since it started; then the totals.
            Examples: checkpointgrid status
                      checkpointgrid status --watch --interval 5
            """)
        { watch, interval, count, dead, json };
        connection.AddTo(command);
        command.SetAction((parse, token) => RunAsync(parse, connection, new StatusSettings(
            parse.GetValue(watch), TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(count), parse.GetValue(dead), parse.GetValue(json)), token));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, ServerConnectionOptions connection, StatusSettings settings, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        using var servers = connection.Open(parse);
        try
        {
            for (var printed = 1; ; printed++)
            {
                // Any server of the cluster answers for all of it; a failed one passes the question to the next.
                var status = await servers.CallAsync(
                    async channel => await new StatusService.StatusServiceClient(channel).GetClusterStatusAsync(
                        new GetClusterStatusRequest { IncludeDead = settings.IncludeDead },
                        new CallOptions(deadline: DateTime.UtcNow.AddSeconds(15), cancellationToken: cancellationToken)),
                    cancellationToken);
                if (settings.Json)
                {
                    output.WriteLine(JsonFormatter.Default.Format(status));
                }
                else
                {
                    if (printed > 1)
                    {
                        output.WriteLine();
                    }
                    StatusPrinter.Write(status, output);
                }
                output.Flush();
                if (!settings.Watch || printed == settings.Count)
                {
                    return 0;
                }
                await Task.Delay(settings.Interval, cancellationToken);
            }
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
            await parse.InvocationConfiguration.Error.WriteLineAsync($"status failed: {error.StatusCode}: {error.Status.Detail}");
            return 1;
        }
    }

    private sealed record StatusSettings(bool Watch, TimeSpan Interval, int Count, bool IncludeDead, bool Json);
}

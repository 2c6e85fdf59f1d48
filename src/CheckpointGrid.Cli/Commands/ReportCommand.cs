using System.CommandLine;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Reporting;
using Grpc.Core;

namespace CheckpointGrid.Cli.Commands;

/// <summary>`report --year Y --month M`: SNM's monthly table of a scope, live, as CSV or a table.</summary>
internal static class ReportCommand
{
    private const string ScopeUsage = "--scope takes national, region NAME or checkpoint ID";

    public static Command Create()
    {
        var connection = new ServerConnectionOptions();
        var year = new Option<int>("--year") { Description = "Calendar year, e.g. 2025.", Required = true };
        var month = new Option<int>("--month") { Description = "Calendar month, 1 to 12 (Panama time, like the daily buckets).", Required = true };
        var scope = new Option<string[]>("--scope")
        {
            Description = "national (the default), region NAME, or checkpoint ID.",
            AllowMultipleArgumentsPerToken = true,
            Arity = new ArgumentArity(1, 2),
        };
        var direction = new Option<string>("--direction") { Description = "northbound: arrivals travelling north (SNM's table); southbound: departures travelling south.", DefaultValueFactory = _ => "northbound" };
        direction.AcceptOnlyFromAmong("northbound", "southbound");
        var format = new Option<string>("--format") { Description = "csv (SNM's columns, then unknown) or table.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("csv", "table");
        var command = new Command("report", """
            Prints a scope's monthly table as SNM publishes it: total; adults (men, women) and minors
            (boys, girls) by sex; people by nationality — for arrivals northbound, or departures
            southbound; the month so far for the current one.
            Examples: checkpointgrid report --year 2025 --month 3
                      checkpointgrid report --year 2023 --month 9 --scope region Darién --format csv
                      checkpointgrid report --year 2025 --month 3 --scope checkpoint PA-COL-MIR --direction southbound
            """)
        {
            year, month, scope, direction, format,
        };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            GetMonthlyReportRequest request;
            try
            {
                request = new GetMonthlyReportRequest
                {
                    Year = checked((uint)parse.GetValue(year)),
                    Month = checked((uint)parse.GetValue(month)),
                    Scope = ScopeOf(parse.GetValue(scope)),
                    Direction = parse.GetValue(direction) == "southbound" ? Direction.Southbound : Direction.Northbound,
                };
            }
            catch (Exception error) when (error is ArgumentException or OverflowException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"report: {error.Message}");
                return 2;
            }

            using var servers = connection.Open(parse);
            try
            {
                // Each server gets its own 10 s; a failed one passes the question to the next.
                var response = await servers.CallAsync(
                    async channel => await new QueryService.QueryServiceClient(channel).GetMonthlyReportAsync(
                        request, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken)),
                    cancellationToken);
                var output = parse.InvocationConfiguration.Output;
                if (parse.GetValue(format) == "csv")
                {
                    await output.WriteAsync(MonthlyReportCsv.Write([response.Report]));
                }
                else
                {
                    MonthlyReportPrinter.Write(response.Report, output);
                }

                return 0;
            }
            catch (RpcException error)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"report failed: {error.StatusCode}: {error.Status.Detail}");
                return 1;
            }
        });
        return command;
    }

    private static Scope ScopeOf(string[]? words) => words switch
    {
        null or [] or ["national"] => new Scope { National = new() },
        ["region", var name] => new Scope { Region = name },
        ["checkpoint", var id] => new Scope { CheckpointId = id },
        _ => throw new ArgumentException($"{ScopeUsage}, not '{string.Join(' ', words)}'."),
    };
}

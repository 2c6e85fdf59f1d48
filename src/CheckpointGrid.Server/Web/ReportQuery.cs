using System.Globalization;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;

namespace CheckpointGrid.Server.Web;

/// <summary>
/// The page's monthly report request in a URL query: "year=YYYY" and "month=M", one of "national", "region=NAME" or
/// "checkpoint_id=ID" (national when none), and optionally "direction=northbound|southbound".
/// </summary>
internal static class ReportQuery
{
    private const string Usage = "use year=YYYY&month=M, optionally one of national, region=NAME or checkpoint_id=ID, and direction=northbound or southbound";

    /// <summary>The request the query stands for; INVALID_ARGUMENT naming the parameter when it is wrong.</summary>
    public static GetMonthlyReportRequest Parse(IQueryCollection query)
    {
        var request = new GetMonthlyReportRequest();
        Scope? scope = null;
        foreach (var (key, values) in query)
        {
            var value = values.ToString();
            if (ScopeParameter.TryTake(key, value, ref scope, Usage))
            {
                continue;
            }
            switch (key)
            {
                case "year":
                    request.Year = Number(key, value);
                    break;
                case "month":
                    request.Month = Number(key, value);
                    break;
                case "direction":
                    request.Direction = value switch
                    {
                        "northbound" => Direction.Northbound,
                        "southbound" => Direction.Southbound,
                        _ => throw Invalid($"direction: '{value}' is neither northbound nor southbound."),
                    };
                    break;
                default:
                    throw Invalid($"Unknown parameter '{key}': {Usage}.");
            }
        }

        if (request.Year == 0 || request.Month == 0)
        {
            throw Invalid($"year and month are required: {Usage}.");
        }

        request.Scope = scope ?? new Scope { National = new() };
        return request;
    }

    /// <summary>The download's file name, e.g. "checkpointgrid-2025-03-national-northbound.csv".</summary>
    public static string FileName(MonthlyReport report)
    {
        var scope = report.Scope.TargetCase switch
        {
            Scope.TargetOneofCase.CheckpointId => report.Scope.CheckpointId,
            Scope.TargetOneofCase.Region => report.Scope.Region,
            _ => "national",
        };
        var safe = new string([.. scope.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')]);
        var direction = report.Direction == Direction.Southbound ? "southbound" : "northbound";
        return string.Create(CultureInfo.InvariantCulture, $"checkpointgrid-{report.Year:D4}-{report.Month:D2}-{safe}-{direction}.csv");
    }

    private static uint Number(string key, string value) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid($"{key}: '{value}' is not a whole number.");

    private static RpcException Invalid(string detail) => ScopeParameter.Invalid(detail);
}

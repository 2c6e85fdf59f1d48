using System.Globalization;
using CheckpointGrid.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CheckpointGrid.Server.Web;

/// <summary>
/// The dashboard's GetTimeSeries request in a URL query: exactly one of "national", "region=NAME" or
/// "checkpoint_id=ID"; "granularity=hourly|daily"; optionally "start_time" and "end_time" (RFC 3339).
/// </summary>
internal static class TimeSeriesQuery
{
    private const string Usage = "use one of national, region=NAME or checkpoint_id=ID, granularity=hourly|daily, and optionally start_time and end_time (RFC 3339)";

    /// <summary>The request the query stands for; INVALID_ARGUMENT naming the parameter when it is wrong.</summary>
    public static GetTimeSeriesRequest Parse(IQueryCollection query)
    {
        var request = new GetTimeSeriesRequest();
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
                case "granularity":
                    request.Granularity = value switch
                    {
                        "hourly" => Granularity.Hourly,
                        "daily" => Granularity.Daily,
                        _ => throw Invalid($"granularity: '{value}' is neither hourly nor daily."),
                    };
                    break;
                case "start_time":
                    request.StartTime = Time(key, value);
                    break;
                case "end_time":
                    request.EndTime = Time(key, value);
                    break;
                default:
                    throw Invalid($"Unknown parameter '{key}': {Usage}.");
            }
        }
        request.Scope = scope ?? throw Invalid($"No scope: {Usage}.");
        return request;
    }

    private static Timestamp Time(string key, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? Timestamp.FromDateTimeOffset(time)
            : throw Invalid($"{key}: '{value}' is not an RFC 3339 time.");

    private static RpcException Invalid(string detail) => ScopeParameter.Invalid(detail);
}

using System.Globalization;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;

namespace CheckpointGrid.Server.Web;

/// <summary>
/// The dashboard's watch request in a URL query, as a browser's EventSource can only GET: exactly one of
/// "national", "all_checkpoints", "region=NAME" or "checkpoint_id=ID", and optionally "min_interval_ms=N".
/// </summary>
internal static class WatchQuery
{
    private const string Usage = "use one of national, all_checkpoints, region=NAME or checkpoint_id=ID, and optionally min_interval_ms=N";

    /// <summary>The request the query stands for; INVALID_ARGUMENT naming the parameter when it is wrong.</summary>
    public static WatchRequest Parse(IQueryCollection query)
    {
        var request = new WatchRequest();
        foreach (var (key, values) in query)
        {
            var value = values.ToString();
            switch (key)
            {
                case "national":
                    SetTarget(request, key, () => request.Scope = new Scope { National = new() });
                    break;
                case "all_checkpoints":
                    SetTarget(request, key, () => request.AllCheckpoints = new());
                    break;
                case "region":
                    SetTarget(request, key, () => request.Scope = new Scope { Region = value });
                    break;
                case "checkpoint_id":
                    SetTarget(request, key, () => request.Scope = new Scope { CheckpointId = value });
                    break;
                case "min_interval_ms":
                    request.MinIntervalMs = uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                        ? ms
                        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"min_interval_ms: '{value}' is not a whole number of milliseconds."));
                    break;
                case "access_token":
                    // The bearer token of a page whose EventSource cannot send headers; authentication has read it.
                    break;
                default:
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unknown parameter '{key}': {Usage}."));
            }
        }
        return request.TargetCase == WatchRequest.TargetOneofCase.None
            ? throw new RpcException(new Status(StatusCode.InvalidArgument, $"No target: {Usage}."))
            : request;
    }

    private static void SetTarget(WatchRequest request, string key, Action set)
    {
        if (request.TargetCase != WatchRequest.TargetOneofCase.None)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{key}' is a second target: {Usage}."));
        }
        set();
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Grains;
using Grpc.Core;
using CheckpointGrid.Server.Catalog;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Watch;

/// <summary>Opens watch sessions for the gRPC Watch rpc and the dashboard's event stream alike.</summary>
public sealed class WatchHub(CheckpointCatalog catalog, IGrainFactory grains, IOptions<WatchOptions> options, TimeProvider time)
{
    /// <summary>Least and greatest min_interval_ms a request may ask for; values outside are clamped.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc cref="MinInterval"/>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(60_000);

    /// <summary>A session for the request, to run; throws <see cref="RpcException"/> (INVALID_ARGUMENT, NOT_FOUND) when the request is wrong.</summary>
    public WatchSession Open(WatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var interval = request.MinIntervalMs == 0
            ? options.Value.DefaultInterval
            : TimeSpan.FromMilliseconds(Math.Clamp(request.MinIntervalMs, MinInterval.TotalMilliseconds, MaxInterval.TotalMilliseconds));
        return request.TargetCase switch
        {
            WatchRequest.TargetOneofCase.Scope =>
                new WatchSession(grains, ScopeResolver.Check(catalog, request.Scope, "scope"), interval, options.Value, time),
            WatchRequest.TargetOneofCase.AllCheckpoints => new WatchSession(grains, catalog, interval, options.Value, time),
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "target: required: set scope or all_checkpoints.")),
        };
    }
}

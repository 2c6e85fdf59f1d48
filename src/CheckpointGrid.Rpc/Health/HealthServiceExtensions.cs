using CheckpointGrid.Rpc.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckpointGrid.Rpc.Health;

/// <summary>Adds the gRPC health service, for Kubernetes' gRPC probes and load balancers.</summary>
public static class HealthServiceExtensions
{
    /// <summary>
    /// Adds grpc.health.v1.Health and the <see cref="HealthStatusRegistry"/> singleton behind it. The
    /// server ("") turns SERVING when the host has started and everything NOT_SERVING when it stops;
    /// mapped services follow the server unless set. Needs <see cref="GrpcServerExtensions.AddGrpcServer"/>;
    /// calling it twice adds it once.
    /// </summary>
    public static IServiceCollection AddGrpcHealth(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(HealthService)))
        {
            return services;
        }
        services.TryAddSingleton<HealthStatusRegistry>();
        services.AddHostedService<HostLifetimeHealth>();
        return services.AddGrpcService<HealthService>();
    }
}

using Microsoft.Extensions.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Rpc.Health;

/// <summary>Reports the server SERVING once the host has started, and everything NOT_SERVING (ending watches) once it starts stopping.</summary>
internal sealed class HostLifetimeHealth(IHostApplicationLifetime lifetime, HealthStatusRegistry statuses) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => statuses.Set(HealthStatusRegistry.Server, ServingStatus.Serving));
        lifetime.ApplicationStopping.Register(() => statuses.Stop());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Grpc.AspNetCore.HealthChecks;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Server.Grpc;

/// <summary>
/// Tells health watchers NOT_SERVING the moment shutdown starts, instead of at the publisher's next period, so a
/// load balancer stops sending new calls while the ones in flight finish.
/// </summary>
internal sealed class HealthOnShutdown(
    IHostApplicationLifetime lifetime, HealthServiceImpl health, IOptions<GrpcHealthChecksOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var mapping in options.Value.Services)
            {
                // The process still runs: a liveness probe must not kill a silo that is shutting down gracefully.
                if (mapping.Name != LivenessHealthCheck.Service)
                {
                    health.SetStatus(mapping.Name, ServingStatus.NotServing);
                }
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheckpointGrid.Server.Grpc;

/// <summary>
/// Healthy from the moment the host has started — every hosted service before it (the silo, the store, the
/// counts warm-up) has finished starting — until shutdown begins.
/// </summary>
internal sealed class ReadinessHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "checkpointgrid";

    private static readonly Task<HealthCheckResult> Ready = Task.FromResult(HealthCheckResult.Healthy("Serving."));
    private static readonly Task<HealthCheckResult> Starting = Task.FromResult(HealthCheckResult.Unhealthy("Starting: the silo, the store or the counts are not ready yet."));
    private static readonly Task<HealthCheckResult> Stopping = Task.FromResult(HealthCheckResult.Unhealthy("Shutting down."));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        lifetime.ApplicationStopping.IsCancellationRequested ? Stopping
        : lifetime.ApplicationStarted.IsCancellationRequested ? Ready
        : Starting;
}

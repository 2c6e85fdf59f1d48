using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheckpointGrid.Server.Grpc;

/// <summary>
/// Healthy while the process runs: the check behind grpc.health.v1 service <see cref="Service"/>, for liveness probes,
/// which must not restart a silo that is still starting, stopping or waiting on its store (readiness is service "").
/// </summary>
internal sealed class LivenessHealthCheck : IHealthCheck
{
    public const string Name = "process";

    /// <summary>The grpc.health.v1 service name that maps to this check alone.</summary>
    public const string Service = "liveness";

    /// <summary>The tag that maps a check to <see cref="Service"/>.</summary>
    public const string Tag = "liveness";

    private static readonly Task<HealthCheckResult> Running = Task.FromResult(HealthCheckResult.Healthy("The process runs."));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Running;
}

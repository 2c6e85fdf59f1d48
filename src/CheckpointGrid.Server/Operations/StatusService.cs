using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheckpointGrid.Server.Operations;

/// <summary>checkpointgrid.v1.StatusService: the cluster as <see cref="ClusterStatusReader"/> reads it, with the answering server's health and version.</summary>
internal sealed class StatusService(ClusterStatusReader cluster, ILocalSiloDetails local, HealthCheckService health)
    : Contracts.V1.StatusService.StatusServiceBase
{
    public override async Task<GetClusterStatusResponse> GetClusterStatus(GetClusterStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = await cluster.ReadAsync(request.IncludeDead, context.CancellationToken);
        var report = await health.CheckHealthAsync(context.CancellationToken);
        response.Health = report.Status == HealthStatus.Healthy ? "SERVING" : "NOT_SERVING";
        response.ServerVersion = ServerVersion.Current;
        response.AnsweredBy = local.SiloAddress.ToParsableString();
        return response;
    }
}

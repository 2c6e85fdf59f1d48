using CheckpointGrid.Rpc.Server;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Rpc.Health;

/// <summary>grpc.health.v1.Health: Check (as Kubernetes' gRPC probe calls it) and Watch, over <see cref="HealthStatusRegistry"/>.</summary>
public sealed class HealthService(HealthStatusRegistry statuses) : IGrpcService
{
    public ServiceDescriptor Descriptor => HealthReflection.Descriptor.Services[0];

    public void Bind(ServiceBinder binder) => binder
        .Unary<HealthCheckRequest, HealthCheckResponse>("Check", Check)
        .ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", Watch);

    private Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = statuses.GetStatus(request.Service);
        if (status == ServingStatus.ServiceUnknown)
        {
            throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        }
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    private async Task Watch(HealthCheckRequest request, IAsyncStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        // Ends when the client cancels or the host stops (see HealthStatusRegistry.Stop).
        await foreach (var status in statuses.WatchAsync(request.Service, context.CancellationToken))
        {
            await responses.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken);
        }
    }
}

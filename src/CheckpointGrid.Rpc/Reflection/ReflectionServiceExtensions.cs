using CheckpointGrid.Rpc.Server;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Rpc.Reflection;

/// <summary>Adds gRPC server reflection, so grpcurl and similar tools can list and describe the services.</summary>
public static class ReflectionServiceExtensions
{
    /// <summary>
    /// Adds grpc.reflection.v1 and grpc.reflection.v1alpha ServerReflection. They describe every
    /// service mapped by <see cref="GrpcServerExtensions.MapGrpcServices"/>, themselves included.
    /// Needs <see cref="GrpcServerExtensions.AddGrpcServer"/>; calling it twice adds them once.
    /// </summary>
    public static IServiceCollection AddGrpcReflection(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ServerReflectionService)))
        {
            return services;
        }
        return services
            .AddGrpcService<ServerReflectionService>()
            .AddGrpcService<ServerReflectionV1AlphaService>();
    }
}

using Google.Protobuf.Reflection;

namespace CheckpointGrid.Rpc.Server;

/// <summary>The proto services this server maps, known once the endpoints are mapped (for reflection and health).</summary>
public sealed class GrpcServiceRegistry
{
    private readonly List<ServiceDescriptor> _services = [];

    public IReadOnlyList<ServiceDescriptor> Services => _services;

    internal void Add(ServiceDescriptor service) => _services.Add(service);
}

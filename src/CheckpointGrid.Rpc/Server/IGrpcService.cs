using Google.Protobuf.Reflection;

namespace CheckpointGrid.Rpc.Server;

/// <summary>
/// An implementation of one proto service. At start-up the server asks it to bind a handler to
/// every method of <see cref="Descriptor"/>; a method left without one fails start-up.
/// </summary>
public interface IGrpcService
{
    /// <summary>The proto service implemented, e.g. <c>HealthReflection.Descriptor.Services[0]</c>.</summary>
    ServiceDescriptor Descriptor { get; }

    void Bind(ServiceBinder binder);
}

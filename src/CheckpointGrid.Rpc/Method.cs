using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CheckpointGrid.Rpc;

/// <summary>
/// A gRPC method bound to its message types, made from the proto's <see cref="MethodDescriptor"/>
/// so that the path, the call kind and the message types cannot drift from the .proto.
/// </summary>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    internal Method(MethodDescriptor descriptor)
    {
        Descriptor = descriptor;
        Type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        Path = $"/{descriptor.Service.FullName}/{descriptor.Name}";
    }

    public MethodDescriptor Descriptor { get; }

    public MethodType Type { get; }

    /// <summary>The HTTP/2 :path of the method, "/package.Service/Method".</summary>
    public string Path { get; }

    public MessageParser<TRequest> RequestParser { get; } = new(() => new TRequest());

    public MessageParser<TResponse> ResponseParser { get; } = new(() => new TResponse());
}

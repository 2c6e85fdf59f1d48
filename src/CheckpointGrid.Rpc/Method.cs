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

/// <summary>Makes <see cref="Method{TRequest, TResponse}"/> from a service descriptor.</summary>
public static class Method
{
    /// <summary>The method named <paramref name="name"/> of <paramref name="service"/>, checked against the message types.</summary>
    public static Method<TRequest, TResponse> Create<TRequest, TResponse>(ServiceDescriptor service, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var descriptor = service.FindMethodByName(name)
            ?? throw new InvalidOperationException($"Service {service.FullName} has no method '{name}'.");
        CheckType(descriptor, descriptor.InputType, typeof(TRequest), "request");
        CheckType(descriptor, descriptor.OutputType, typeof(TResponse), "response");
        return new Method<TRequest, TResponse>(descriptor);
    }

    private static void CheckType(MethodDescriptor method, MessageDescriptor expected, Type actual, string role)
    {
        if (expected.ClrType != actual)
        {
            throw new InvalidOperationException(
                $"{method.FullName} takes {expected.FullName} as its {role}, not {actual.FullName}.");
        }
    }
}

using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace CheckpointGrid.Testing.Grpc;

/// <summary>
/// Makes grpc-dotnet <see cref="Method{TRequest, TResponse}"/>s from a service's descriptor, so that a test can
/// call any method through one channel, by name, checked against the proto.
/// </summary>
public static class Rpc
{
    /// <summary>The method named <paramref name="name"/> of <paramref name="service"/>; throws when the name or the message types are wrong.</summary>
    public static Method<TRequest, TResponse> Of<TRequest, TResponse>(ServiceDescriptor service, string name)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(service);
        var descriptor = service.FindMethodByName(name)
            ?? throw new InvalidOperationException($"Service {service.FullName} has no method '{name}'.");
        Check(descriptor, descriptor.InputType, typeof(TRequest), "request");
        Check(descriptor, descriptor.OutputType, typeof(TResponse), "response");
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(type, service.FullName, name, Marshaller<TRequest>(), Marshaller<TResponse>());
    }

    private static Marshaller<T> Marshaller<T>()
        where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(static () => new T());
        return Marshallers.Create(static (T message) => message.ToByteArray(), parser.ParseFrom);
    }

    private static void Check(MethodDescriptor method, MessageDescriptor expected, Type actual, string role)
    {
        if (expected.ClrType != actual)
        {
            throw new InvalidOperationException($"{method.FullName} takes {expected.FullName} as its {role}, not {actual.FullName}.");
        }
    }
}

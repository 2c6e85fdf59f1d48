using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CheckpointGrid.Rpc;

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

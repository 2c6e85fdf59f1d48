using CheckpointGrid.Rpc.Server.Internal;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CheckpointGrid.Rpc.Server;

/// <summary>
/// Binds handlers to the methods of one proto service. Each bind is checked against the
/// descriptor (name, message types, call kind); <see cref="Build"/> insists every method is bound.
/// </summary>
public sealed class ServiceBinder
{
    private readonly ServiceDescriptor _service;
    private readonly ServerCallSettings _settings;
    private readonly Dictionary<string, ServerCallHandler> _handlers = new(StringComparer.Ordinal);

    internal ServiceBinder(ServiceDescriptor service, ServerCallSettings settings)
    {
        _service = service;
        _settings = settings;
    }

    public ServiceBinder Unary<TRequest, TResponse>(string name, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Resolve<TRequest, TResponse>(name, MethodType.Unary);
        return Add(name, new UnaryCallHandler<TRequest, TResponse>(method, handler, _settings));
    }

    public ServiceBinder ClientStreaming<TRequest, TResponse>(string name, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Resolve<TRequest, TResponse>(name, MethodType.ClientStreaming);
        return Add(name, new ClientStreamingCallHandler<TRequest, TResponse>(method, handler, _settings));
    }

    public ServiceBinder ServerStreaming<TRequest, TResponse>(string name, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Resolve<TRequest, TResponse>(name, MethodType.ServerStreaming);
        return Add(name, new ServerStreamingCallHandler<TRequest, TResponse>(method, handler, _settings));
    }

    public ServiceBinder DuplexStreaming<TRequest, TResponse>(string name, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Resolve<TRequest, TResponse>(name, MethodType.DuplexStreaming);
        return Add(name, new DuplexStreamingCallHandler<TRequest, TResponse>(method, handler, _settings));
    }

    internal IReadOnlyCollection<ServerCallHandler> Build()
    {
        var missing = _service.Methods.Where(m => !_handlers.ContainsKey(m.Name)).Select(m => m.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Service {_service.FullName} has no handler for {string.Join(", ", missing)}: every method of the proto must be bound.");
        }
        return _handlers.Values;
    }

    private Method<TRequest, TResponse> Resolve<TRequest, TResponse>(string name, MethodType type)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = Method.Create<TRequest, TResponse>(_service, name);
        if (method.Type != type)
        {
            throw new InvalidOperationException($"{method.Descriptor.FullName} is a {method.Type} method; it was bound as {type}.");
        }
        return method;
    }

    private ServiceBinder Add(string name, ServerCallHandler handler)
    {
        if (!_handlers.TryAdd(name, handler))
        {
            throw new InvalidOperationException($"{_service.FullName}.{name} is bound twice.");
        }
        return this;
    }
}

using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.Testing.Grpc;

/// <summary>Calls of each kind on a grpc-dotnet channel, given a <see cref="Method{TRequest, TResponse}"/>.</summary>
public static class ChannelCalls
{
    /// <summary>A unary call; a non-OK status throws <see cref="RpcException"/>.</summary>
    public static Task<TResponse> UnaryAsync<TRequest, TResponse>(this GrpcChannel channel, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.CreateCallInvoker().AsyncUnaryCall(method, null, options, request).ResponseAsync;
    }

    /// <summary>Starts a server-streaming call with its one request sent.</summary>
    public static AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(this GrpcChannel channel, Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, options, request);
    }

    /// <summary>Starts a bidirectional call; the caller writes, reads and disposes it.</summary>
    public static AsyncDuplexStreamingCall<TRequest, TResponse> Duplex<TRequest, TResponse>(this GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, options);
    }
}

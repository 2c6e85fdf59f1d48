namespace CheckpointGrid.Rpc.Server;

/// <summary>Handles a unary call: one request in, one response out.</summary>
public delegate Task<TResponse> UnaryServerMethod<in TRequest, TResponse>(TRequest request, ServerCallContext context);

/// <summary>Handles a client-streaming call: many requests in, one response out.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);

/// <summary>Handles a server-streaming call: one request in, many responses out.</summary>
public delegate Task ServerStreamingServerMethod<in TRequest, TResponse>(TRequest request, IAsyncStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>Handles a bidirectional streaming call.</summary>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IAsyncStreamWriter<TResponse> responseStream, ServerCallContext context);

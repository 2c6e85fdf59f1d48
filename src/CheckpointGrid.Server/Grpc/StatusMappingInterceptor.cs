using CheckpointGrid.Abstractions.Counting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CheckpointGrid.Server.Grpc;

/// <summary>
/// Gives every failure a status that says what happened: the domain's own statuses pass through; the grain
/// runtime's failures become UNAVAILABLE (a silo is gone: retry, maybe elsewhere) or DEADLINE_EXCEEDED (a
/// call timed out: its outcome is unknown); a server stopping ends streams with UNAVAILABLE. Without this,
/// grpc-dotnet answers any other exception with UNKNOWN.
/// </summary>
internal sealed class StatusMappingInterceptor(IHostApplicationLifetime lifetime, ILogger<StatusMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error) when (Map(error, typeof(TRequest), context) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (Map(error, typeof(TRequest), context) is { } status)
        {
            throw status;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception error) when (Map(error, typeof(TRequest), context) is { } status)
        {
            throw status;
        }
    }

    /// <summary>The status for an exception; null for an RpcException, which already carries one.</summary>
    private RpcException? Map(Exception error, Type requestType, ServerCallContext context)
    {
        switch (error)
        {
            case RpcException:
                return null;
            case InvalidProtocolBufferException invalid:
                // A streamed request message that does not parse (grpc-dotnet parses each as the handler reads it).
                return new RpcException(new Status(StatusCode.InvalidArgument, $"A request message is not a valid {requestType.Name}: {invalid.Message}"));
            case InvalidDataException framing when !context.CancellationToken.IsCancellationRequested:
                // grpc-dotnet's reader on a streamed request's bad gRPC framing (e.g. a compressed flag neither 0 nor 1).
                return new RpcException(new Status(StatusCode.InvalidArgument, $"A request message's gRPC framing is invalid: {framing.Message}"));
            case InvalidQueryException query:
                return new RpcException(new Status(query.IsOutOfRange ? StatusCode.OutOfRange : StatusCode.InvalidArgument, query.Message));
            case IOException:
            case Exception when context.CancellationToken.IsCancellationRequested:
                // The client left or cancelled; a stream it reset shows as an IOException from the reader. Nothing to report.
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            case OperationCanceledException when lifetime.ApplicationStopping.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Unavailable, "The server is shutting down; reconnect, to another server if there is one."));
            case SiloUnavailableException:
                return new RpcException(new Status(StatusCode.Unavailable, "A silo holding this call's grain became unavailable; retry."));
            case OrleansMessageRejectionException:
                return new RpcException(new Status(StatusCode.Unavailable, "The cluster rejected the call (a silo is joining or leaving); retry."));
            case TimeoutException:
                return new RpcException(new Status(StatusCode.DeadlineExceeded, "A grain call timed out; its outcome is unknown (retries are safe: ingestion is idempotent)."));
            default:
                GrpcLog.Unexpected(logger, context.Method, error);
                return new RpcException(new Status(StatusCode.Internal, $"The server failed: {error.GetType().Name}. Its log has the details."));
        }
    }
}

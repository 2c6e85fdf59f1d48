using CheckpointGrid.Rpc;
using CheckpointGrid.Rpc.Server;
using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Testing;

namespace CheckpointGrid.Interop.Server;

/// <summary>
/// grpc.testing.TestService as the gRPC interop test descriptions specify it: payloads of the
/// requested sizes, requested statuses, metadata echoed back, response intervals honoured.
/// </summary>
public sealed class TestServiceImpl(TimeProvider time) : IGrpcService
{
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public ServiceDescriptor Descriptor => TestServiceMethods.TestService;

    public void Bind(ServiceBinder binder) => binder
        .Unary<Empty, Empty>("EmptyCall", (_, _) => Task.FromResult(new Empty()))
        .Unary<SimpleRequest, SimpleResponse>("UnaryCall", UnaryCall)
        .Unary<SimpleRequest, SimpleResponse>("CacheableUnaryCall", UnaryCall)
        .ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("StreamingOutputCall", StreamingOutputCall)
        .ClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>("StreamingInputCall", StreamingInputCall)
        .DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("FullDuplexCall", FullDuplexCall)
        .DuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("HalfDuplexCall", HalfDuplexCall)
        .Unary<Empty, Empty>("UnimplementedCall", (_, _) => throw new RpcException(StatusCode.Unimplemented, "UnimplementedCall is unimplemented, as the interop tests expect."));

    private static async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = CreatePayload(request.ResponseSize) };
    }

    private async Task StreamingOutputCall(StreamingOutputCallRequest request, IAsyncStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        await WriteResponsesAsync(request, responses, context);
        ThrowIfStatusRequested(request.ResponseStatus);
    }

    private static async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requests, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var sum = 0;
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            sum += request.Payload.Body.Length;
        }
        return new StreamingInputCallResponse { AggregatedPayloadSize = sum };
    }

    private async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requests, IAsyncStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            ThrowIfStatusRequested(request.ResponseStatus);
            await WriteResponsesAsync(request, responses, context);
        }
    }

    private async Task HalfDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requests, IAsyncStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var all = new List<StreamingOutputCallRequest>();
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            all.Add(request);
        }
        foreach (var request in all)
        {
            ThrowIfStatusRequested(request.ResponseStatus);
            await WriteResponsesAsync(request, responses, context);
        }
    }

    private async Task WriteResponsesAsync(StreamingOutputCallRequest request, IAsyncStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), time, context.CancellationToken);
            }
            await responses.WriteAsync(new StreamingOutputCallResponse { Payload = CreatePayload(parameters.Size) }, context.CancellationToken);
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync([new Metadata.Entry(EchoInitialKey, initial)]);
        }
        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }
    }

    private static Payload CreatePayload(int size) => new()
    {
        Type = PayloadType.Compressable,
        Body = ByteString.CopyFrom(new byte[size]),
    };
}

using CheckpointGrid.Rpc.Client;
using Google.Protobuf;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace CheckpointGrid.Rpc.Tests.Reflection;

/// <summary>
/// One ServerReflectionInfo call, v1 or v1alpha, asked one request at a time in v1's messages
/// (the two versions are wire-identical). Disposing it cancels the call.
/// </summary>
internal sealed class ReflectionStream : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly IDisposable _call;
    private readonly Func<V1.ServerReflectionRequest, Task<V1.ServerReflectionResponse>> _ask;

    private ReflectionStream(IDisposable call, Func<V1.ServerReflectionRequest, Task<V1.ServerReflectionResponse>> ask)
    {
        _call = call;
        _ask = ask;
    }

    /// <summary>Starts a call to grpc.reflection.<paramref name="version"/>.ServerReflection: "v1" or "v1alpha".</summary>
    public static ReflectionStream Open(GrpcChannel channel, string version = "v1") => version switch
    {
        "v1" => Open(channel.Start(Method.Create<V1.ServerReflectionRequest, V1.ServerReflectionResponse>(
            V1.ReflectionReflection.Descriptor.Services[0], "ServerReflectionInfo"))),
        "v1alpha" => Open(channel.Start(Method.Create<V1Alpha.ServerReflectionRequest, V1Alpha.ServerReflectionResponse>(
            V1Alpha.ReflectionReflection.Descriptor.Services[0], "ServerReflectionInfo"))),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Not a reflection version."),
    };

    /// <summary>Sends <paramref name="request"/> and returns the server's answer to it.</summary>
    public Task<V1.ServerReflectionResponse> AskAsync(V1.ServerReflectionRequest request) => _ask(request);

    public void Dispose() => _call.Dispose();

    private static ReflectionStream Open<TRequest, TResponse>(ClientCall<TRequest, TResponse> call)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        return new ReflectionStream(call, AskAsync);

        async Task<V1.ServerReflectionResponse> AskAsync(V1.ServerReflectionRequest request)
        {
            var message = new TRequest();
            message.MergeFrom(request.ToByteString());
            await call.RequestStream.WriteAsync(message).WaitAsync(Patience);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Patience), "The reflection call ended without answering.");
            return V1.ServerReflectionResponse.Parser.ParseFrom(call.ResponseStream.Current.ToByteString());
        }
    }
}

using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Server.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CheckpointGrid.Server.Tests.Grpc;

/// <summary>What a client gets when a call fails inside the server: a status that says what happened, never UNKNOWN.</summary>
public sealed class StatusMappingInterceptorTests
{
    public static TheoryData<Exception, StatusCode> Failures => new()
    {
        { new SiloUnavailableException(), StatusCode.Unavailable },
        { new TimeoutException("grain call timed out"), StatusCode.DeadlineExceeded },
        { new InvalidQueryException("end_time: is before the window kept", isOutOfRange: true), StatusCode.OutOfRange },
        { new InvalidQueryException("movement: is not a known Movement value", isOutOfRange: false), StatusCode.InvalidArgument },
        { new RpcException(new Status(StatusCode.NotFound, "checkpoint_id: no checkpoint")), StatusCode.NotFound },
        { new InvalidOperationException("a bug"), StatusCode.Internal },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failure_becomes_a_status_naming_it(Exception failure, StatusCode expected)
    {
        using var lifetime = new Lifetime();
        var interceptor = new StatusMappingInterceptor(lifetime, NullLogger<StatusMappingInterceptor>.Instance);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            interceptor.UnaryServerHandler<string, string>("request", new CallContext(), (_, _) => throw failure));

        Assert.Equal(expected, error.StatusCode);
        Assert.NotEqual(StatusCode.Unknown, error.StatusCode);
        if (expected == StatusCode.Internal)
        {
            Assert.Contains(nameof(InvalidOperationException), error.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Stream_ended_by_the_server_stopping_is_UNAVAILABLE()
    {
        using var lifetime = new Lifetime();
        lifetime.Stop();
        var interceptor = new StatusMappingInterceptor(lifetime, NullLogger<StatusMappingInterceptor>.Instance);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            interceptor.UnaryServerHandler<string, string>("request", new CallContext(), (_, _) => throw new OperationCanceledException()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Stop() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }

    /// <summary>The least a handler needs of a call: its method name and a token that is never cancelled.</summary>
    private sealed class CallContext : ServerCallContext
    {
        protected override string MethodCore => "/checkpointgrid.v1.QueryService/GetNationalCounts";

        protected override string HostCore => "127.0.0.1";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}

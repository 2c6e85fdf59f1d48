using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing.Auth;
using CheckpointGrid.Testing.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>Every RPC of the public API, callable by name with a bearer token (or none), reduced to the status it ends with.</summary>
internal static class AuthCalls
{
    public static readonly Method<RevokeTokenRequest, RevokeTokenResponse> RevokeToken =
        Rpc.Of<RevokeTokenRequest, RevokeTokenResponse>(AdminReflection.Descriptor.Services[0], "RevokeToken");

    public static readonly Method<ListRevokedTokensRequest, ListRevokedTokensResponse> ListRevokedTokens =
        Rpc.Of<ListRevokedTokensRequest, ListRevokedTokensResponse>(AdminReflection.Descriptor.Services[0], "ListRevokedTokens");

    public static readonly Method<GetClusterStatusRequest, GetClusterStatusResponse> GetClusterStatus =
        Rpc.Of<GetClusterStatusRequest, GetClusterStatusResponse>(StatusReflection.Descriptor.Services[0], "GetClusterStatus");

    /// <summary>Each RPC with a call that proves it got past authorization (its own validation may still refuse the request).</summary>
    public static readonly IReadOnlyDictionary<string, Func<GrpcChannel, CallOptions, Task>> All = new Dictionary<string, Func<GrpcChannel, CallOptions, Task>>
    {
        ["ListCheckpoints"] = Unary(Rpcs.ListCheckpoints),
        ["GetCheckpoint"] = Unary(Rpcs.GetCheckpoint),
        ["AddCheckpoint"] = Unary(Rpcs.AddCheckpoint),
        ["UpdateCheckpoint"] = Unary(Rpcs.UpdateCheckpoint),
        ["ListRegions"] = Unary(Rpcs.ListRegions),
        ["GetCheckpointCounts"] = Unary(Rpcs.GetCheckpointCounts),
        ["GetRegionCounts"] = Unary(Rpcs.GetRegionCounts),
        ["GetNationalCounts"] = Unary(Rpcs.GetNationalCounts),
        ["TopNationalities"] = Unary(Rpcs.TopNationalities),
        ["GetTimeSeries"] = Unary(Rpcs.GetTimeSeries),
        ["ListCheckpointStatus"] = Unary(Rpcs.ListCheckpointStatus),
        ["GetMonthlyReport"] = Unary(Rpcs.GetMonthlyReport),
        ["RecordCrossing"] = Unary(Rpcs.RecordCrossing),
        ["Ingest"] = OpenIngestAsync,
        ["Watch"] = WatchAsync,
        ["RevokeToken"] = Unary(RevokeToken),
        ["ListRevokedTokens"] = Unary(ListRevokedTokens),
        ["GetClusterStatus"] = Unary(GetClusterStatus),
    };

    /// <summary>The status <paramref name="rpc"/> ends with when called with <paramref name="token"/> (none when null); OK when it succeeded.</summary>
    public static async Task<Status> StatusOfAsync(GrpcChannel channel, string rpc, string? token)
    {
        var options = new CallOptions(headers: token is null ? null : TestKeys.Bearer(token), deadline: DateTime.UtcNow + GridServer.Patience);
        try
        {
            await All[rpc](channel, options).WaitAsync(GridServer.Patience);
            return Status.DefaultSuccess;
        }
        catch (RpcException error)
        {
            return error.Status;
        }
    }

    /// <summary>Opens an Ingest stream for PA-DAR-SVC and reads the server's answer.</summary>
    public static async Task OpenIngestAsync(GrpcChannel channel, CallOptions options)
    {
        using var call = channel.Duplex(Rpcs.IngestStream, options);
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = "PA-DAR-SVC", TerminalId = "auth-terminal" } });
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new RpcException(call.GetStatus());
        }
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }

    private static async Task WatchAsync(GrpcChannel channel, CallOptions options)
    {
        using var call = channel.ServerStreaming(Watcher.Watch, new WatchRequest { Scope = new Scope { National = new() } }, options);
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new RpcException(call.GetStatus());
        }
    }

    private static Func<GrpcChannel, CallOptions, Task> Unary<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class =>
        (channel, options) => channel.UnaryAsync(method, new TRequest(), options);
}

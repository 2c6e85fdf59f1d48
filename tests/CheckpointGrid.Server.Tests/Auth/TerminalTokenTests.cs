using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Security;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Auth;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Auth;

/// <summary>A terminal's token writes only to its checkpoints, and stops working on a running stream once revoked.</summary>
public sealed class TerminalTokenTests : IAsyncLifetime
{
    private readonly TestKeys _keys = TestKeys.Create();
    private GridServer _server = null!;

    public async Task InitializeAsync() => _server = await GridServer.StartAsync("--jwt-key", _keys.PublicKeyPath);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _keys.Dispose();
    }

    [Fact]
    public async Task Terminal_token_writing_to_a_checkpoint_not_in_its_claim_is_refused_and_nothing_is_counted()
    {
        var admin = Bearer(_keys.Mint(TokenRoles.Admin).Token);
        var terminal = Bearer(_keys.Mint(TokenRoles.Terminal, "PA-DAR-SVC").Token);
        var before = await NationalAsync(admin);

        using var call = _server.Channel.Duplex(Rpcs.IngestStream, terminal);
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = "PA-COL-MIR", TerminalId = "svc-laptop-1" } });
        await call.RequestStream.WriteAsync(Batch(1, Crossings.One("PA-COL-MIR")));
        var streamed = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(GridServer.Patience));
        var recorded = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Channel.UnaryAsync(Rpcs.RecordCrossing, new RecordCrossingRequest { Event = Crossings.One("PA-COL-MIR") }, terminal).WaitAsync(GridServer.Patience));

        foreach (var error in (RpcException[])[streamed, recorded])
        {
            StatusAssert.Is(StatusCode.PermissionDenied, error);
            Assert.Contains("does not list checkpoint 'PA-COL-MIR'; it may write to: PA-DAR-SVC", error.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Equal(before, await NationalAsync(admin));
        // Its own checkpoint it may write to.
        Assert.False((await _server.Channel.UnaryAsync(Rpcs.RecordCrossing, new RecordCrossingRequest { Event = Crossings.One("PA-DAR-SVC") }, terminal)
            .WaitAsync(GridServer.Patience)).Duplicate);
    }

    [Fact]
    public async Task Revocation_ends_a_running_stream_before_its_next_batch_is_counted()
    {
        var admin = Bearer(_keys.Mint(TokenRoles.Admin).Token);
        var minted = _keys.Mint(TokenRoles.Terminal, "PA-DAR-SVC");
        using var call = _server.Channel.Duplex(Rpcs.IngestStream, Bearer(minted.Token));
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = "PA-DAR-SVC", TerminalId = "svc-laptop-1" } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(GridServer.Patience));
        var next = call.ResponseStream.Current.Opened.NextSequence;
        await call.RequestStream.WriteAsync(Batch(next, Crossings.One("PA-DAR-SVC", headcount: 3)));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(GridServer.Patience));
        Assert.Equal(1u, call.ResponseStream.Current.Ack.AcceptedEvents);
        var counted = await CheckpointAsync(admin);

        var revoked = await _server.Channel.UnaryAsync(AuthCalls.RevokeToken, new RevokeTokenRequest { TokenId = minted.TokenId, Reason = "laptop lost" }, admin)
            .WaitAsync(GridServer.Patience);
        await call.RequestStream.WriteAsync(Batch(next + 1, Crossings.One("PA-DAR-SVC", headcount: 5)));
        var ended = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(GridServer.Patience));

        Assert.False(revoked.AlreadyRevoked);
        StatusAssert.Is(StatusCode.Unauthenticated, ended);
        Assert.Contains($"{minted.TokenId} has been revoked", ended.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(counted, await CheckpointAsync(admin));
        // And a new call with it is refused too.
        var again = await AuthCalls.StatusOfAsync(_server.Channel, "Ingest", minted.Token);
        Assert.Equal(StatusCode.Unauthenticated, again.StatusCode);
        Assert.Contains("revoked", again.Detail, StringComparison.Ordinal);
    }

    /// <summary>The nation's counts, less the instant they were read at.</summary>
    private async Task<ScopeCounts> NationalAsync(CallOptions admin) =>
        Undated((await _server.Channel.UnaryAsync(Rpcs.GetNationalCounts, new GetNationalCountsRequest(), admin).WaitAsync(GridServer.Patience)).Counts);

    private async Task<ScopeCounts> CheckpointAsync(CallOptions admin) =>
        Undated((await _server.Channel.UnaryAsync(Rpcs.GetCheckpointCounts, new GetCheckpointCountsRequest { CheckpointId = "PA-DAR-SVC" }, admin).WaitAsync(GridServer.Patience)).Counts);

    private static ScopeCounts Undated(ScopeCounts counts)
    {
        counts.AsOf = null;
        return counts;
    }

    private static CallOptions Bearer(string token) => new(headers: TestKeys.Bearer(token), deadline: DateTime.UtcNow + GridServer.Patience);

    private static IngestRequest Batch(ulong sequence, CrossingEvent crossing)
    {
        crossing.TerminalId = "svc-laptop-1";
        crossing.Sequence = sequence;
        return new IngestRequest { Batch = new EventBatch { Events = { crossing } } };
    }
}

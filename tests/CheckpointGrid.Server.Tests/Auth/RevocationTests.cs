using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Security;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing.Auth;
using CheckpointGrid.Testing.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Auth;

/// <summary>The revocation list lives in the store: it survives a restart, and a repeated revocation keeps the first.</summary>
public sealed class RevocationTests : IDisposable
{
    private readonly TestKeys _keys = TestKeys.Create();
    private readonly string _dataDir = Directory.CreateTempSubdirectory("checkpointgrid-revocation-tests-").FullName;

    public void Dispose()
    {
        _keys.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Revocation_survives_a_restart()
    {
        var admin = Bearer(_keys.Mint(TokenRoles.Admin).Token);
        var viewer = _keys.Mint(TokenRoles.Viewer);
        var forgetAfter = Timestamp.FromDateTimeOffset(viewer.Expires);
        await using (var first = await GridServer.StartOnAsync(_dataDir, "--jwt-key", _keys.PublicKeyPath))
        {
            Assert.Equal(StatusCode.OK, (await AuthCalls.StatusOfAsync(first.Channel, "ListCheckpoints", viewer.Token)).StatusCode);
            await first.Channel.UnaryAsync(AuthCalls.RevokeToken, new RevokeTokenRequest { TokenId = viewer.TokenId, Reason = "left the ministry", ForgetAfter = forgetAfter }, admin)
                .WaitAsync(GridServer.Patience);
            var again = await first.Channel.UnaryAsync(AuthCalls.RevokeToken, new RevokeTokenRequest { TokenId = viewer.TokenId, Reason = "twice" }, admin)
                .WaitAsync(GridServer.Patience);
            Assert.True(again.AlreadyRevoked);
            Assert.Equal("left the ministry", again.Revoked.Reason);
        }

        await using var restarted = await GridServer.StartOnAsync(_dataDir, "--jwt-key", _keys.PublicKeyPath);

        var refused = await AuthCalls.StatusOfAsync(restarted.Channel, "ListCheckpoints", viewer.Token);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains($"{viewer.TokenId} has been revoked", refused.Detail, StringComparison.Ordinal);
        var listed = Assert.Single((await restarted.Channel.UnaryAsync(AuthCalls.ListRevokedTokens, new ListRevokedTokensRequest(), admin)
            .WaitAsync(GridServer.Patience)).Tokens);
        Assert.Equal(viewer.TokenId, listed.TokenId);
        Assert.Equal("left the ministry", listed.Reason);
        Assert.Equal(forgetAfter, listed.ForgetAfter);
    }

    [Fact]
    public async Task Revoke_without_a_token_id_is_invalid_naming_the_field()
    {
        await using var server = await GridServer.StartAsync("--jwt-key", _keys.PublicKeyPath);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            server.Channel.UnaryAsync(AuthCalls.RevokeToken, new RevokeTokenRequest { Reason = "?" }, Bearer(_keys.Mint(TokenRoles.Admin).Token)).WaitAsync(GridServer.Patience));

        StatusAssert.Is(StatusCode.InvalidArgument, error, "token_id");
    }

    private static CallOptions Bearer(string token) => new(headers: TestKeys.Bearer(token), deadline: DateTime.UtcNow + GridServer.Patience);
}

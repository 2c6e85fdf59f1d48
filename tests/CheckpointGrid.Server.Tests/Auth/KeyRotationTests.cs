using CheckpointGrid.Security;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing.Auth;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Auth;

/// <summary>Keys rotate by listing several public keys in the key file: tokens of each are accepted, others refused.</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task Tokens_of_every_listed_key_are_accepted_and_of_an_unlisted_one_refused()
    {
        using var keys = TestKeys.Create(trustedKeys: 2);
        await using var server = await GridServer.StartAsync("--jwt-key", keys.PublicKeyPath);
        var viewer = new TokenRequest(TokenRoles.Viewer, [], TimeSpan.FromHours(1));

        var old = await AuthCalls.StatusOfAsync(server.Channel, "ListCheckpoints", keys.Mint(viewer, keys.Signing(0)).Token);
        var current = await AuthCalls.StatusOfAsync(server.Channel, "ListCheckpoints", keys.Mint(viewer, keys.Signing(1)).Token);
        var third = await AuthCalls.StatusOfAsync(server.Channel, "ListCheckpoints", keys.Mint(viewer, TestKeys.Foreign()).Token);

        Assert.Equal(StatusCode.OK, old.StatusCode);
        Assert.Equal(StatusCode.OK, current.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, third.StatusCode);
    }

    [Fact]
    public async Task Unusable_key_file_stops_the_server_naming_the_setting_and_the_file()
    {
        using var keys = TestKeys.Create();
        var privateKey = Path.Combine(keys.Directory, "key0.key");

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => GridServer.StartAsync("--jwt-key", privateKey));

        Assert.Contains("Auth:JwtKeyPath (--jwt-key)", error.Message, StringComparison.Ordinal);
        Assert.Contains(privateKey, error.Message, StringComparison.Ordinal);
    }
}

using CheckpointGrid.Security;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing.Auth;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Auth;

/// <summary>Tokens the server must refuse with UNAUTHENTICATED, each with a message saying what is wrong; and key rotation.</summary>
public sealed class TokenValidationTests(AuthServerFixture fixture) : IClassFixture<AuthServerFixture>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly TestKeys _keys = fixture.Keys;
    private readonly GridServer _server = fixture.Server;

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "expired", "expired at" },
        { "not yet valid", "not valid yet" },
        { "forged", "not signed by a key this server trusts" },
        { "wrong audience", "audience (aud) is not this server's audience" },
        { "wrong issuer", "issuer (iss) is not the issuer this server accepts" },
        { "malformed", "malformed" },
        { "not a JWT at all", "malformed" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_token_is_unauthenticated_with_the_reason(string kind, string reason)
    {
        var viewer = new TokenRequest(TokenRoles.Viewer, [], Hour);
        var token = kind switch
        {
            "expired" => _keys.Mint(viewer with { NotBefore = DateTimeOffset.UtcNow.AddHours(-3) }).Token,
            "not yet valid" => _keys.Mint(viewer with { NotBefore = DateTimeOffset.UtcNow.AddHours(1) }).Token,
            "forged" => _keys.Mint(viewer, TestKeys.Foreign()).Token,
            "wrong audience" => _keys.Mint(viewer with { Audience = "elsewhere" }).Token,
            "wrong issuer" => _keys.Mint(viewer with { Issuer = "someone-else" }).Token,
            "malformed" => string.Join(".%%%.", _keys.Mint(viewer).Token.Split('.')[0], _keys.Mint(viewer).Token.Split('.')[2]),
            _ => "hello",
        };

        var status = await AuthCalls.StatusOfAsync(_server.Channel, "ListCheckpoints", token);

        Assert.True(status.StatusCode == StatusCode.Unauthenticated, $"{kind}: {status}");
        Assert.Contains(reason, status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorization_that_is_not_bearer_is_no_token()
    {
        var options = new CallOptions(headers: new Metadata { { "authorization", "Basic dXNlcjpwYXNz" } }, deadline: DateTime.UtcNow + GridServer.Patience);

        var error = await Assert.ThrowsAsync<RpcException>(() => AuthCalls.All["ListCheckpoints"](_server.Channel, options));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("no bearer token", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reflection_and_health_stay_open()
    {
        var health = new global::Grpc.Health.V1.Health.HealthClient(_server.Channel);
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest()).ResponseAsync.WaitAsync(GridServer.Patience)).Status);
        using var http = new HttpClient { BaseAddress = _server.WebAddress, Timeout = GridServer.Patience };
        Assert.Equal("SERVING\n", await http.GetStringAsync("/healthz"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }
}

using CheckpointGrid.Security;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing.Auth;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Auth;

/// <summary>Every RPC × every role, and no token, against a server that requires tokens: allowed, or refused with the status the table says.</summary>
public sealed class RpcAuthorizationTests(AuthServerFixture fixture) : IClassFixture<AuthServerFixture>
{
    private const string Readers = "viewer admin";
    private const string Admins = "admin";
    private const string Terminals = "terminal";

    /// <summary>Who may call what, written out here rather than read from the server's own table.</summary>
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["ListCheckpoints"] = Readers,
        ["GetCheckpoint"] = Readers,
        ["ListRegions"] = Readers,
        ["AddCheckpoint"] = Admins,
        ["UpdateCheckpoint"] = Admins,
        ["GetCheckpointCounts"] = Readers,
        ["GetRegionCounts"] = Readers,
        ["GetNationalCounts"] = Readers,
        ["TopNationalities"] = Readers,
        ["GetTimeSeries"] = Readers,
        ["ListCheckpointStatus"] = Readers,
        ["GetMonthlyReport"] = Readers,
        ["Watch"] = Readers,
        ["RecordCrossing"] = Terminals,
        ["Ingest"] = Terminals,
        ["RevokeToken"] = Admins,
        ["ListRevokedTokens"] = Admins,
        ["GetClusterStatus"] = Admins,
    };

    private readonly TestKeys _keys = fixture.Keys;
    private readonly GridServer _server = fixture.Server;

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var rpc in AuthCalls.All.Keys)
        {
            foreach (var role in (string[])["none", .. TokenRoles.All])
            {
                cases.Add(rpc, role);
            }
        }
        return cases;
    }

    [Fact]
    public void Table_covers_every_rpc()
    {
        Assert.Equal(Allowed.Keys.Order(), AuthCalls.All.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rpc_is_allowed_or_refused_as_the_table_says(string rpc, string role)
    {
        var token = role == "none" ? null : _keys.Mint(role, role == TokenRoles.Terminal ? ["PA-DAR-SVC"] : []).Token;

        var status = await AuthCalls.StatusOfAsync(_server.Channel, rpc, token);

        if (token is null)
        {
            Assert.True(status.StatusCode == StatusCode.Unauthenticated, $"{rpc} without a token: {status}");
            Assert.Contains("no bearer token", status.Detail, StringComparison.Ordinal);
        }
        else if (Allowed[rpc].Split(' ').Contains(role))
        {
            Assert.True(status.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied), $"{rpc} as {role}: {status}");
        }
        else
        {
            Assert.True(status.StatusCode == StatusCode.PermissionDenied, $"{rpc} as {role}: {status}");
            Assert.Contains($"needs role {Allowed[rpc].Replace(" ", " or ", StringComparison.Ordinal)}", status.Detail, StringComparison.Ordinal);
            Assert.Contains($"role is '{role}'", status.Detail, StringComparison.Ordinal);
        }
    }
}

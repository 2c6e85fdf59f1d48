using System.Text.Json.Nodes;
using CheckpointGrid.Security;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// Independent clients against the server as it runs beyond loopback — TLS with a private CA and bearer tokens: Python's
/// grpcio and Node's grpc-js send their tokens as call metadata, and the CLI reads its token from a file.
/// </summary>
public sealed class SecuredClientsTests(SecuredServerProcessFixture server) : IClassFixture<SecuredServerProcessFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Grpcio_over_TLS_reads_with_a_viewer_token_and_is_refused_without_one()
    {
        var viewer = server.Keys.Mint(TokenRoles.Viewer).Token;

        Assert.Equal("SERVING", (await OperatorAsync(0, "health")).Trim());
        var national = JsonNode.Parse(await OperatorAsync(0, "--token", viewer, "call", "checkpointgrid.v1.QueryService/GetNationalCounts", "{}"))!;
        Assert.NotNull(national["counts"]);
        var refused = await OperatorAsync(1, "call", "checkpointgrid.v1.QueryService/GetNationalCounts", "{}");
        Assert.Contains("UNAUTHENTICATED", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpcjs_over_TLS_ingests_with_a_terminal_token_and_watches_with_a_viewer_token()
    {
        var terminal = server.Keys.Mint(TokenRoles.Terminal, "PA-DAR-BCH").Token;
        var viewer = server.Keys.Mint(TokenRoles.Viewer).Token;
        var clientDir = RepositoryPaths.Combine("tests", "e2e", "grpcjs");

        await using var client = ChildProcess.Start("node",
            [Path.Combine(clientDir, "client.mjs"), server.GrpcAddress, "PA-DAR-BCH", "--ca", server.Certificates.CaPath, "--token", terminal, "--viewer-token", viewer],
            workingDirectory: clientDir);

        var exitCode = await client.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"client.mjs exited {exitCode}:\n{client.Output}\n--- server ---\n{server.Output}");
        var summary = JsonNode.Parse((await client.WaitForLineAsync(@"^\{.*\}$", Patience)).Value)!;
        Assert.Equal(3, summary["ingest"]!["acks"]!.AsArray().Count);
    }

    [Fact]
    public async Task Cli_queries_over_TLS_with_a_token_file_and_a_terminal_token_may_not_read()
    {
        var tokenFile = Path.Combine(server.Keys.Directory, "viewer.token");
        await File.WriteAllTextAsync(tokenFile, server.Keys.Mint(TokenRoles.Viewer).Token);
        var address = $"https://{server.GrpcAddress}";

        await using (var viewer = StartCli("query", "national", "--server", address, "--ca", server.Certificates.CaPath, "--token-file", tokenFile))
        {
            Assert.True(await viewer.WaitForExitAsync(Patience) == 0, viewer.Output);
        }
        await using var terminal = StartCli("query", "national", "--server", address, "--ca", server.Certificates.CaPath,
            "--token", server.Keys.Mint(TokenRoles.Terminal, "PA-DAR-BCH").Token);
        Assert.NotEqual(0, await terminal.WaitForExitAsync(Patience));
        Assert.Contains("PermissionDenied", terminal.Output.Replace("PERMISSION_DENIED", "PermissionDenied", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static ChildProcess StartCli(params string[] arguments) =>
        ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "checkpointgrid"), arguments, workingDirectory: AppContext.BaseDirectory);

    /// <summary>Runs grpc_operator.py over TLS with the CA; returns its output, asserting its exit code.</summary>
    private async Task<string> OperatorAsync(int expectedExit, params string[] arguments)
    {
        await using var tool = ChildProcess.Start("/usr/bin/python3",
            [RepositoryPaths.Combine("tests", "e2e", "grpc_operator.py"), server.GrpcAddress, "--ca", server.Certificates.CaPath, .. arguments]);
        var exitCode = await tool.WaitForExitAsync(Patience);
        Assert.True(exitCode == expectedExit, $"grpc_operator.py {string.Join(' ', arguments)} exited {exitCode}:\n{tool.Output}\n--- server ---\n{server.Output}");
        return tool.Output;
    }
}

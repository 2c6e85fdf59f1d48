using System.Text.Json.Nodes;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// Clients of three stacks against the server over TLS with a private CA: the CLI refuses the certificate until
/// given --ca, and Python's grpcio and Node's grpc-js connect with the CA. (A bearer token goes in with --token on
/// grpc_operator.py and client.mjs once the server asks for one.)
/// </summary>
public sealed class TlsClientsTests(TlsServerProcessFixture server) : IClassFixture<TlsServerProcessFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cli_refuses_an_untrusted_certificate_naming_the_server_and_the_reason_and_works_with_ca()
    {
        var address = $"https://{server.GrpcAddress}";
        await using (var refused = StartCli("query", "national", "--server", address))
        {
            Assert.Equal(1, await refused.WaitForExitAsync(Patience));
            Assert.Contains($"TLS to {address} failed", refused.Output, StringComparison.Ordinal);
            Assert.Contains("CN=localhost", refused.Output, StringComparison.Ordinal);
            Assert.Contains("is not trusted", refused.Output, StringComparison.Ordinal);
            Assert.Contains("--ca FILE", refused.Output, StringComparison.Ordinal);
        }

        await using var trusted = StartCli("query", "national", "--server", address, "--ca", server.Certificates.CaPath);
        Assert.True(await trusted.WaitForExitAsync(Patience) == 0, trusted.Output);
    }

    [Fact]
    public async Task Grpcio_with_the_CA_checks_health_lists_services_and_calls_over_TLS()
    {
        Assert.Equal("SERVING", (await OperatorAsync("health")).Trim());
        Assert.Contains("checkpointgrid.v1.IngestService", await OperatorAsync("list"), StringComparison.Ordinal);
        var national = JsonNode.Parse(await OperatorAsync("call", "checkpointgrid.v1.QueryService/GetNationalCounts", "{}"))!;
        Assert.NotNull(national["counts"]);
    }

    [Fact]
    public async Task Grpcjs_with_the_CA_ingests_and_watches_over_TLS()
    {
        var clientDir = RepositoryPaths.Combine("tests", "e2e", "grpcjs");
        await using var client = ChildProcess.Start("node", [Path.Combine(clientDir, "client.mjs"), server.GrpcAddress, "PA-DAR-BCH", "--ca", server.Certificates.CaPath],
            workingDirectory: clientDir);
        var exitCode = await client.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"client.mjs exited {exitCode}:\n{client.Output}\n--- server ---\n{server.Output}");
        var summary = JsonNode.Parse((await client.WaitForLineAsync(@"^\{.*\}$", Patience)).Value)!;
        Assert.Equal(3, summary["ingest"]!["acks"]!.AsArray().Count);
    }

    private static ChildProcess StartCli(params string[] arguments) =>
        ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "checkpointgrid"), arguments, workingDirectory: AppContext.BaseDirectory);

    private async Task<string> OperatorAsync(params string[] arguments)
    {
        await using var tool = ChildProcess.Start("/usr/bin/python3",
            [RepositoryPaths.Combine("tests", "e2e", "grpc_operator.py"), server.GrpcAddress, "--ca", server.Certificates.CaPath, .. arguments]);
        var exitCode = await tool.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"grpc_operator.py {string.Join(' ', arguments)} exited {exitCode}:\n{tool.Output}\n--- server ---\n{server.Output}");
        return tool.Output;
    }
}

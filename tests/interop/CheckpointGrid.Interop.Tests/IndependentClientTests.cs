using CheckpointGrid.Testing;

namespace CheckpointGrid.Interop.Tests;

/// <summary>
/// Independent gRPC implementations drive the interop server through every standard case:
/// Node's @grpc/grpc-js (npm) and Python's grpcio (Debian's python3-grpcio).
/// </summary>
public sealed class IndependentClientTests(InteropServerFixture server) : IClassFixture<InteropServerFixture>
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(InteropCase.All), MemberType = typeof(InteropCase))]
    public Task Node_grpc_js_client_passes(string testCase) =>
        RunClientAsync("node", RepositoryPaths.Combine("tests", "interop", "node", "interop_client.js"), testCase);

    [Theory]
    [MemberData(nameof(InteropCase.All), MemberType = typeof(InteropCase))]
    public Task Python_grpcio_client_passes(string testCase) =>
        RunClientAsync("/usr/bin/python3", RepositoryPaths.Combine("tests", "interop", "python", "interop_client.py"), testCase);

    private async Task RunClientAsync(string interpreter, string script, string testCase)
    {
        await using var client = ChildProcess.Start(interpreter,
            [script, "--server_host", "127.0.0.1", "--server_port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--test_case", testCase]);
        var exitCode = await client.WaitForExitAsync(CaseTimeout);
        Assert.True(exitCode == 0 && client.Output.Contains($"PASS {testCase}", StringComparison.Ordinal),
            $"{Path.GetFileName(script)} {testCase} exited {exitCode}:\n{client.Output}\n--- server ---\n{server.ServerOutput}");
    }
}

using CheckpointGrid.Rpc.Client;

namespace CheckpointGrid.Interop.Tests;

/// <summary>Our own client drives the same interop server process through the same cases.</summary>
public sealed class OwnClientTests(InteropServerFixture server) : IClassFixture<InteropServerFixture>
{
    [Theory]
    [MemberData(nameof(InteropCase.All), MemberType = typeof(InteropCase))]
    public async Task DotNet_client_passes(string testCase)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.Port}");
        await new OwnClientInteropCases(channel).RunAsync(testCase);
    }
}

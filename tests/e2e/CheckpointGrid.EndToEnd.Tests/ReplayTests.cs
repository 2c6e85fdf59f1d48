using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Grpc.Net.Client;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// A month of SNM's Darién table replayed as events through the terminal agent (the real CLI
/// process, its outboxes, its Ingest streams) into the real server: the national totals equal the
/// published row by sex, age and nationality — and replaying it again counts nothing twice.
/// </summary>
public sealed class ReplayTests(ServerProcessFixture server) : IClassFixture<ServerProcessFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly Method<GetNationalCountsRequest, GetNationalCountsResponse> NationalCounts =
        Rpc.Of<GetNationalCountsRequest, GetNationalCountsResponse>(QueryReflection.Descriptor.Services[0], "GetNationalCounts");

    [Fact]
    public async Task Replayed_month_equals_the_published_row_and_a_second_replay_counts_nothing()
    {
        var row = PublishedMonths.Row(2023, 9);

        await ReplayAsync("first");
        var first = await ArrivalsAsync();
        await ReplayAsync("second");
        var second = await ArrivalsAsync();

        PublishedMonths.AssertEqual(row, first);
        Assert.Equal(first, second);
    }

    private async Task ReplayAsync(string outbox)
    {
        var outboxDir = Path.Combine(server.DataDir, "outboxes-" + outbox);
        await using var cli = ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "checkpointgrid"),
            ["replay", "--server", $"http://{server.GrpcAddress}", "--year", "2023", "--month", "9", "--outbox-dir", outboxDir],
            workingDirectory: AppContext.BaseDirectory);
        var exitCode = await cli.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"replay exited {exitCode}:\n{cli.Output}\n--- server ---\n{server.Output}");
    }

    private async Task<MovementTally> ArrivalsAsync()
    {
        using var channel = GrpcChannel.ForAddress($"http://{server.GrpcAddress}");
        return (await channel.UnaryAsync(NationalCounts, new GetNationalCountsRequest())).Counts.Totals.Arrival;
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Grpc.Net.Client;
using CheckpointGrid.Testing;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>The operator's `checkpointgrid watch` against the real server process: a snapshot, then the update an event brings.</summary>
public sealed class CliWatchTests(ServerProcessFixture server) : IClassFixture<ServerProcessFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly Method<RecordCrossingRequest, RecordCrossingResponse> RecordCrossing =
        Rpc.Of<RecordCrossingRequest, RecordCrossingResponse>(IngestReflection.Descriptor.Services[0], "RecordCrossing");

    [Fact]
    public async Task Watch_prints_the_snapshot_then_the_update_with_the_new_counts()
    {
        await using var cli = ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "checkpointgrid"),
            ["watch", "checkpoint", "PA-PAN-PTY", "--server", $"http://{server.GrpcAddress}", "--interval-ms", "50"],
            workingDirectory: AppContext.BaseDirectory);
        await cli.WaitForLineAsync("^snapshot$", Patience);
        await cli.WaitForLineAsync(@"^checkpoint PA-PAN-PTY \(version \d+", Patience);

        using var channel = GrpcChannel.ForAddress($"http://{server.GrpcAddress}");
        await channel.UnaryAsync(RecordCrossing, new RecordCrossingRequest
        {
            Event = new CrossingEvent
            {
                EventId = "cli-watch-1",
                CheckpointId = "PA-PAN-PTY",
                TerminalId = "tocumen-gate-1",
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                Movement = Movement.RepatriationBoarding,
                Direction = Direction.Southbound,
                Nationality = "VEN",
                AgeGroup = AgeGroup.Ages18To59,
                Sex = Sex.Female,
                Headcount = 4,
            },
        }, new CallOptions(deadline: DateTime.UtcNow + Patience));

        await cli.WaitForLineAsync("^update$", Patience);
        await cli.WaitForLineAsync(@"^  repatriation\s+4 people \| north 0, south 4 \| female 4, male 0 \| adults 4, minors 0 \| VEN 4$", Patience);
    }

    [Fact]
    public async Task Watch_of_an_unknown_checkpoint_says_NOT_FOUND_and_exits_1()
    {
        await using var cli = ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "checkpointgrid"),
            ["watch", "checkpoint", "PA-NOWHERE", "--server", $"http://{server.GrpcAddress}"],
            workingDirectory: AppContext.BaseDirectory);

        Assert.Equal(1, await cli.WaitForExitAsync(Patience));
        Assert.Contains("watch failed: NotFound: scope.checkpoint_id: no checkpoint 'PA-NOWHERE' in the catalog.", cli.Output, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// A stock client of another stack, Node's @grpc/grpc-js (tests/e2e/grpcjs/client.mjs, protos loaded by
/// @grpc/proto-loader): it finds the services by reflection, streams batches into Ingest exactly once, and
/// sees one more event arrive on its Watch. What it reports is then checked against the counts Grpc.Net.Client reads.
/// </summary>
public sealed class StockClientGrpcJsTests(ServerProcessFixture server) : IClassFixture<ServerProcessFixture>
{
    private const string Checkpoint = "PA-CHI-PCN";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string ClientDir = RepositoryPaths.Combine("tests", "e2e", "grpcjs");
    private static readonly Method<GetCheckpointCountsRequest, GetCheckpointCountsResponse> CheckpointCounts =
        Rpc.Of<GetCheckpointCountsRequest, GetCheckpointCountsResponse>(QueryReflection.Descriptor.Services[0], "GetCheckpointCounts");
    private static readonly Method<GetNationalCountsRequest, GetNationalCountsResponse> NationalCounts =
        Rpc.Of<GetNationalCountsRequest, GetNationalCountsResponse>(QueryReflection.Descriptor.Services[0], "GetNationalCounts");

    [Fact]
    public async Task Grpcjs_client_ingests_each_batch_once_and_watches_its_next_event_arrive()
    {
        await using var client = ChildProcess.Start("node", [Path.Combine(ClientDir, "client.mjs"), server.GrpcAddress, Checkpoint], workingDirectory: ClientDir);
        var exitCode = await client.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"client.mjs exited {exitCode}:\n{client.Output}\n--- server ---\n{server.Output}");
        var summary = JsonNode.Parse((await client.WaitForLineAsync(@"^\{.*\}$", Patience)).Value)!;

        var reflection = summary["reflection"]!;
        Assert.Contains("checkpointgrid.v1.IngestService", Strings(reflection["services"]));
        Assert.Equal(["Ingest", "RecordCrossing"], Strings(reflection["ingest_methods"]));
        Assert.True(reflection["documented"]!.GetValue<bool>());

        var ingest = summary["ingest"]!;
        Assert.Equal(1, ingest["next_sequence"]!.GetValue<int>());
        var acks = ingest["acks"]!.AsArray();
        Assert.Equal([4, 9, 15], acks.Select(a => a!["durable_through_sequence"]!.GetValue<int>()));
        Assert.Equal([4, 5, 6], acks.Select(a => a!["accepted_events"]!.GetValue<int>()));
        Assert.All(acks, a => Assert.Equal(0, a!["duplicate_events"]!.GetValue<int>()));
        var resend = ingest["resend"]!;
        Assert.Equal(15, resend["durable_through_sequence"]!.GetValue<int>());
        Assert.Equal(0, resend["accepted_events"]!.GetValue<int>());
        Assert.Equal(6, resend["duplicate_events"]!.GetValue<int>());

        var streamed = ingest["events"]!.AsArray().Select(Event).ToList();
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (ulong)i), streamed.Select(e => e.Sequence));
        var watch = summary["watch"]!;
        Assert.True(Version(watch["update_version"]) > Version(watch["snapshot_version"]));
        List<CrossingEvent> all = [.. streamed, Event(watch["recorded"])];

        // The server is this class's alone: the checkpoint, and the nation, hold exactly what the client sent.
        using var channel = GrpcChannel.ForAddress($"http://{server.GrpcAddress}");
        var counts = (await channel.UnaryAsync(CheckpointCounts, new GetCheckpointCountsRequest { CheckpointId = Checkpoint })).Counts;
        CountRows.AssertMatch(all, counts.Totals, Checkpoint);
        // The client checks out more than it checks in: occupancy goes negative, unclamped, as counts.proto says.
        Assert.Equal(CountRows.Occupants(all), counts.Shelter.Occupants);
        var national = (await channel.UnaryAsync(NationalCounts, new GetNationalCountsRequest())).Counts;
        CountRows.AssertMatch(all, national.Totals, "national");
    }

    /// <summary>A uint64 as grpc-js hands it over (proto-loader's longs: String).</summary>
    private static ulong Version(JsonNode? json) => ulong.Parse(json!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    /// <summary>An event as the summary lists it, in the protos' JSON mapping.</summary>
    private static CrossingEvent Event(JsonNode? json) => JsonParser.Default.Parse<CrossingEvent>(json!.ToJsonString());
}

using System.Globalization;
using System.Text.Json.Nodes;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>A stock client (Python's grpcio, through reflection, as grpcurl works) watches a checkpoint and sees a snapshot, then the update.</summary>
public sealed class StockClientWatchTests(ServerProcessFixture server) : IClassFixture<ServerProcessFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Grpcio_watcher_gets_a_snapshot_then_an_update_with_the_new_values()
    {
        var script = RepositoryPaths.Combine("tests", "e2e", "grpc_operator.py");
        await using var watcher = ChildProcess.Start(
            "/usr/bin/python3", [script, server.GrpcAddress, "call", "checkpointgrid.v1.WatchService/Watch", """{"scope": {"checkpoint_id": "PA-PAN-PAC"}, "min_interval_ms": 50}"""]);
        var snapshot = JsonNode.Parse((await watcher.WaitForLineAsync(@"^\{""snapshot"".*$", Patience)).Value)!;
        var first = snapshot["snapshot"]!["scopes"]![0]!;
        Assert.Equal("PA-PAN-PAC", first["scope"]!["checkpoint_id"]!.GetValue<string>());
        Assert.Null(first["totals"]?["repatriation_boarding"]?["people"]);

        var crossing = new JsonObject
        {
            ["event"] = new JsonObject
            {
                ["event_id"] = "watch-e2e-1",
                ["checkpoint_id"] = "PA-PAN-PAC",
                ["terminal_id"] = "python-grpcio",
                ["occurred_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["movement"] = "MOVEMENT_REPATRIATION_BOARDING",
                ["direction"] = "DIRECTION_SOUTHBOUND",
                ["nationality"] = "COL",
                ["age_group"] = "AGE_GROUP_AGES_18_TO_59",
                ["sex"] = "SEX_MALE",
                ["headcount"] = 9,
            },
        };
        await using (var record = ChildProcess.Start("/usr/bin/python3", [script, server.GrpcAddress, "call", "checkpointgrid.v1.IngestService/RecordCrossing", crossing.ToJsonString()]))
        {
            Assert.Equal(0, await record.WaitForExitAsync(Patience));
        }

        var update = JsonNode.Parse((await watcher.WaitForLineAsync(@"^\{""update"".*$", Patience)).Value)!;
        var changed = update["update"]!["changed"]![0]!;
        Assert.Equal("PA-PAN-PAC", changed["scope"]!["checkpoint_id"]!.GetValue<string>());
        var boarding = changed["totals"]!["repatriation_boarding"]!;
        Assert.Equal("9", boarding["people"]!.GetValue<string>());
        Assert.Equal("9", boarding["by_nationality"]!["COL"]!.GetValue<string>());
        Assert.True(VersionOf(changed) > VersionOf(first));
    }

    /// <summary>A uint64 is a string in the JSON mapping, and absent when 0.</summary>
    private static ulong VersionOf(JsonNode scope) =>
        scope["version"] is { } version ? ulong.Parse(version.GetValue<string>(), CultureInfo.InvariantCulture) : 0;
}

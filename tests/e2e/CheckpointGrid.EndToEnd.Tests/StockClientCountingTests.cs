using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// A stock client (Python's grpcio, through reflection and the protos' JSON mapping, as grpcurl
/// works) records events at several checkpoints and reads exact counts at every scope.
/// </summary>
public sealed class StockClientCountingTests(ServerProcessFixture server) : IClassFixture<ServerProcessFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private sealed record Crossing(string Checkpoint, string Region, string Movement, string Direction, string Nationality, string AgeGroup, string Sex, int Headcount);

    private static readonly Crossing[] Crossings =
    [
        new("PA-DAR-SVC", "Darién", "ARRIVAL", "NORTHBOUND", "VEN", "AGES_18_TO_59", "FEMALE", 3),
        new("PA-DAR-SVC", "Darién", "ARRIVAL", "NORTHBOUND", "HTI", "AGES_0_TO_4", "MALE", 1),
        new("PA-DAR-SVC", "Darién", "SHELTER_CHECK_IN", "NORTHBOUND", "VEN", "AGES_5_TO_11", "FEMALE", 4),
        new("PA-DAR-MTT", "Darién", "DEPARTURE", "SOUTHBOUND", "COL", "AGES_60_PLUS", "UNKNOWN", 2),
        new("PA-GNA-POB", "Guna Yala", "ARRIVAL", "SOUTHBOUND", "VEN", "AGES_12_TO_17", "MALE", 5),
        new("PA-COL-MRM", "Colón", "DEPARTURE", "SOUTHBOUND", "VEN", "AGES_18_TO_59", "FEMALE", 6),
        new("PA-COL-MRM", "Colón", "DEPARTURE", "SOUTHBOUND", "ECU", "UNKNOWN", "MALE", 1),
        new("PA-CHI-LPG", "Chiriquí", "SHELTER_CHECK_OUT", "NORTHBOUND", "CHN", "AGES_18_TO_59", "MALE", 2),
    ];

    [Fact]
    public async Task Events_recorded_by_grpcio_are_counted_exactly_at_checkpoint_region_and_national_scope()
    {
        var occurredAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        for (var i = 0; i < Crossings.Length; i++)
        {
            var c = Crossings[i];
            var request = new JsonObject
            {
                ["event"] = new JsonObject
                {
                    ["event_id"] = $"e2e-{i}",
                    ["checkpoint_id"] = c.Checkpoint,
                    ["terminal_id"] = "python-grpcio",
                    ["occurred_at"] = occurredAt,
                    ["movement"] = "MOVEMENT_" + c.Movement,
                    ["direction"] = "DIRECTION_" + c.Direction,
                    ["nationality"] = c.Nationality,
                    ["age_group"] = "AGE_GROUP_" + c.AgeGroup,
                    ["sex"] = "SEX_" + c.Sex,
                    ["headcount"] = c.Headcount,
                },
            };
            await CallAsync("checkpointgrid.v1.IngestService/RecordCrossing", request);
            if (i == 0)
            {
                // The same event again is acknowledged as a duplicate and not counted.
                var again = await CallAsync("checkpointgrid.v1.IngestService/RecordCrossing", request);
                Assert.True(again["duplicate"]!.GetValue<bool>());
            }
        }

        foreach (var checkpoint in Crossings.Select(c => c.Checkpoint).Distinct())
        {
            var counts = await CallAsync("checkpointgrid.v1.QueryService/GetCheckpointCounts", new JsonObject { ["checkpoint_id"] = checkpoint });
            AssertCounts(Crossings.Where(c => c.Checkpoint == checkpoint), counts["counts"]!);
        }
        foreach (var region in Crossings.Select(c => c.Region).Distinct())
        {
            var counts = await CallAsync("checkpointgrid.v1.QueryService/GetRegionCounts", new JsonObject { ["region"] = region });
            AssertCounts(Crossings.Where(c => c.Region == region), counts["counts"]!);
        }
        var national = await CallAsync("checkpointgrid.v1.QueryService/GetNationalCounts", new JsonObject());
        AssertCounts(Crossings, national["counts"]!);
    }

    [Fact]
    public async Task Unknown_checkpoint_and_bad_field_get_clear_statuses()
    {
        var unknown = await CallFailingAsync("checkpointgrid.v1.QueryService/GetCheckpointCounts", new JsonObject { ["checkpoint_id"] = "PA-NOPE" });
        Assert.StartsWith("NOT_FOUND: checkpoint_id", unknown);

        var region = await CallFailingAsync("checkpointgrid.v1.QueryService/GetRegionCounts", new JsonObject { ["region"] = "Atlantis" });
        Assert.StartsWith("INVALID_ARGUMENT: region", region);
    }

    private static void AssertCounts(IEnumerable<Crossing> expected, JsonNode counts)
    {
        var totals = counts["totals"]!;
        foreach (var movement in new[] { "ARRIVAL", "DEPARTURE", "SHELTER_CHECK_IN", "SHELTER_CHECK_OUT", "REPATRIATION_BOARDING" })
        {
            var these = expected.Where(c => c.Movement == movement).ToList();
            var tally = totals[movement.ToLowerInvariant()]!;
            Assert.Equal(these.Sum(c => c.Headcount), Number(tally["people"]));
            foreach (var group in these.GroupBy(c => c.Direction))
            {
                Assert.Equal(group.Sum(c => c.Headcount), Number(tally["by_direction"]![group.Key.ToLowerInvariant()]));
            }
            foreach (var group in these.GroupBy(c => c.AgeGroup))
            {
                Assert.Equal(group.Sum(c => c.Headcount), Number(tally["by_age_group"]![group.Key.ToLowerInvariant()]));
            }
            foreach (var group in these.GroupBy(c => c.Sex))
            {
                Assert.Equal(group.Sum(c => c.Headcount), Number(tally["by_sex"]![group.Key.ToLowerInvariant()]));
            }
            var nationalities = tally["by_nationality"]?.AsObject() ?? [];
            Assert.Equal(these.Select(c => c.Nationality).Distinct().Count(), nationalities.Count);
            foreach (var group in these.GroupBy(c => c.Nationality))
            {
                Assert.Equal(group.Sum(c => c.Headcount), Number(nationalities[group.Key]));
            }
        }
        var occupancy = expected.Where(c => c.Movement == "SHELTER_CHECK_IN").Sum(c => c.Headcount)
            - expected.Where(c => c.Movement == "SHELTER_CHECK_OUT").Sum(c => c.Headcount);
        Assert.Equal(occupancy, Number(counts["shelter"]?["occupants"]));
    }

    // The JSON mapping writes 64-bit integers as strings and leaves zeros out.
    private static long Number(JsonNode? node) => node is null ? 0 : long.Parse(node.ToString(), CultureInfo.InvariantCulture);

    private async Task<JsonNode> CallAsync(string method, JsonObject request)
    {
        await using var tool = StartOperator(method, request);
        var exitCode = await tool.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"call {method} exited {exitCode}:\n{tool.Output}\n--- server ---\n{server.Output}");
        return JsonNode.Parse(tool.Output)!;
    }

    private async Task<string> CallFailingAsync(string method, JsonObject request)
    {
        await using var tool = StartOperator(method, request);
        var exitCode = await tool.WaitForExitAsync(Patience);
        Assert.Equal(1, exitCode);
        return tool.Output.Trim();
    }

    private ChildProcess StartOperator(string method, JsonObject request) =>
        ChildProcess.Start("/usr/bin/python3", [RepositoryPaths.Combine("tests", "e2e", "grpc_operator.py"), server.GrpcAddress, "call", method, request.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })]);
}

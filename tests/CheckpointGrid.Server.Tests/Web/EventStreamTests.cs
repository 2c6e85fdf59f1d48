using CheckpointGrid.Testing;
using System.Net;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Tests.Fixtures;

namespace CheckpointGrid.Server.Tests.Web;

/// <summary>The dashboard's side of the web port: Watch as Server-Sent Events in the protos' JSON mapping, the catalog as JSON, and what a wrong query gets.</summary>
public sealed class EventStreamTests
{
    [Fact]
    public async Task Watch_events_carry_a_snapshot_then_an_update_as_protobuf_JSON()
    {
        await using var server = await GridServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.WebAddress, Timeout = GridServer.Patience };
        using var response = await http.GetAsync("/api/v1/watch?checkpoint_id=PA-DAR-SVC&min_interval_ms=50", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());

        var (name, snapshot) = await NextEventAsync(events);
        Assert.Equal("snapshot", name);
        Assert.Equal("PA-DAR-SVC", snapshot.Snapshot.Scopes.Single().Scope.CheckpointId);
        Assert.Equal(544u, snapshot.Snapshot.Scopes[0].Shelter.Capacity);
        var crossing = Crossings.One("PA-DAR-SVC", Movement.ShelterCheckIn, headcount: 12);
        await server.RecordAsync(crossing);
        var (updateName, update) = await NextEventAsync(events);

        Assert.Equal("update", updateName);
        ScopeAssert.Matches([crossing], 544, update.Update.Changed.Single(), "PA-DAR-SVC over SSE");
    }

    [Fact]
    public async Task Catalog_is_served_as_a_ListCheckpointsResponse_in_JSON()
    {
        await using var server = await GridServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.WebAddress, Timeout = GridServer.Patience };

        var catalog = ListCheckpointsResponse.Parser.ParseJson(await http.GetStringAsync("/api/v1/checkpoints"));

        Assert.Equal(15, catalog.Checkpoints.Count);
        Assert.Equal((await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest())).Checkpoints, catalog.Checkpoints);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest, "No target")]
    [InlineData("?national&all_checkpoints", HttpStatusCode.BadRequest, "'all_checkpoints' is a second target")]
    [InlineData("?nation", HttpStatusCode.BadRequest, "Unknown parameter 'nation'")]
    [InlineData("?national&min_interval_ms=soon", HttpStatusCode.BadRequest, "min_interval_ms: 'soon' is not a whole number")]
    [InlineData("?checkpoint_id=PA-NOWHERE", HttpStatusCode.NotFound, "scope.checkpoint_id: no checkpoint 'PA-NOWHERE'")]
    [InlineData("?region=Atlantis", HttpStatusCode.BadRequest, "scope.region: 'Atlantis' is not a region of Panama")]
    public async Task Wrong_watch_query_is_answered_with_the_reason(string query, HttpStatusCode status, string reason)
    {
        await using var server = await GridServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.WebAddress, Timeout = GridServer.Patience };

        using var response = await http.GetAsync("/api/v1/watch" + query);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Reads up to the next event with data: its name and its WatchResponse.</summary>
    private static async Task<(string Name, WatchResponse Message)> NextEventAsync(StreamReader events)
    {
        var name = "message";
        while (await events.ReadLineAsync().WaitAsync(GridServer.Patience) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return (name, WatchResponse.Parser.ParseJson(line["data: ".Length..]));
            }
        }
        throw new EndOfStreamException("The event stream ended.");
    }
}

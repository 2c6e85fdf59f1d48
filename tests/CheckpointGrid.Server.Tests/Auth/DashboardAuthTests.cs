using System.Net;
using System.Net.Http.Headers;
using CheckpointGrid.Security;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing.Auth;

namespace CheckpointGrid.Server.Tests.Auth;

/// <summary>With tokens required the dashboard's page stays open; its SSE feed and catalog need a viewer or admin token.</summary>
public sealed class DashboardAuthTests(AuthServerFixture fixture) : IClassFixture<AuthServerFixture>
{
    private const string Feed = "/api/v1/watch?national&min_interval_ms=50";

    private readonly TestKeys _keys = fixture.Keys;
    private readonly GridServer _server = fixture.Server;

    [Fact]
    public async Task Feed_refuses_without_a_token_and_serves_with_one_in_its_url()
    {
        using var http = new HttpClient { BaseAddress = _server.WebAddress, Timeout = GridServer.Patience };

        using var page = await http.GetAsync("/");
        using var refused = await http.GetAsync(Feed);
        using var terminal = await http.GetAsync($"{Feed}&access_token={_keys.Mint(TokenRoles.Terminal, "PA-DAR-SVC").Token}", HttpCompletionOption.ResponseHeadersRead);
        using var served = await http.GetAsync($"{Feed}&access_token={_keys.Mint(TokenRoles.Viewer).Token}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("no bearer token", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, terminal.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("text/event-stream", served.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await served.Content.ReadAsStreamAsync());
        Assert.Equal("event: snapshot", await FirstEventAsync(events).WaitAsync(GridServer.Patience));
    }

    private static async Task<string?> FirstEventAsync(StreamReader events)
    {
        while (await events.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                return line;
            }
        }
        return null;
    }

    [Fact]
    public async Task Report_csv_is_a_viewers_read_with_the_token_in_its_header_only()
    {
        const string Report = "/api/v1/report.csv?year=2023&month=9&national";
        using var http = new HttpClient { BaseAddress = _server.WebAddress, Timeout = GridServer.Patience };

        using var refused = await http.GetAsync(Report);
        using var inUrl = await http.GetAsync($"{Report}&access_token={_keys.Mint(TokenRoles.Viewer).Token}");
        using var terminal = await SendAsync(http, Report, _keys.Mint(TokenRoles.Terminal, "PA-DAR-SVC").Token);
        using var served = await SendAsync(http, Report, _keys.Mint(TokenRoles.Viewer).Token);
        using var admin = await SendAsync(http, "/api/v1/report.csv?year=2023&month=13", _keys.Mint(TokenRoles.Admin).Token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, inUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, terminal.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("text/csv", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("checkpointgrid-2023-09-national-northbound.csv", served.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(
            "year,month,total,men,women,boys,girls,minors,VEN,ECU,HTI,COL,CHN,other,unknown\n2023,9,0,0,0,0,0,0,0,0,0,0,0,0,0\n",
            await served.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, admin.StatusCode);
        Assert.Contains("month: required: 1 to 12", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Catalog_takes_the_token_from_the_header_only()
    {
        using var http = new HttpClient { BaseAddress = _server.WebAddress, Timeout = GridServer.Patience };
        var token = _keys.Mint(TokenRoles.Viewer).Token;

        using var inUrl = await http.GetAsync($"/api/v1/checkpoints?access_token={token}");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/checkpoints") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var inHeader = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, inUrl.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inHeader.StatusCode);
    }

    [Fact]
    public async Task Time_series_need_a_viewer_token_in_the_header_and_say_what_is_wrong_with_a_query()
    {
        using var http = new HttpClient { BaseAddress = _server.WebAddress, Timeout = GridServer.Patience };
        const string Series = "/api/v1/timeseries?region=Dari%C3%A9n&granularity=hourly";

        using var refused = await http.GetAsync(Series);
        using var terminal = await SendAsync(http, Series, _keys.Mint(TokenRoles.Terminal, "PA-DAR-SVC").Token);
        using var served = await SendAsync(http, Series, _keys.Mint(TokenRoles.Viewer).Token);
        using var badGranularity = await SendAsync(http, "/api/v1/timeseries?national&granularity=weekly", _keys.Mint(TokenRoles.Viewer).Token);
        using var unknown = await SendAsync(http, "/api/v1/timeseries?checkpoint_id=PA-XXX-NOPE&granularity=daily", _keys.Mint(TokenRoles.Viewer).Token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, terminal.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(48, System.Text.Json.JsonDocument.Parse(await served.Content.ReadAsStringAsync()).RootElement.GetProperty("buckets").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, badGranularity.StatusCode);
        Assert.Contains("granularity", await badGranularity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

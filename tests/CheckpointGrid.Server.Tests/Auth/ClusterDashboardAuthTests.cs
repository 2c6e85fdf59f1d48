using System.Net;
using System.Net.Http.Headers;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Security;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing.Auth;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;

namespace CheckpointGrid.Server.Tests.Auth;

/// <summary>
/// With tokens required the Orleans dashboard is admin-only: no token and a viewer's are refused, an admin's posted
/// once becomes a cookie for the dashboard's path that opens its page and its data API, and nothing else; a revoked
/// token's cookie is refused.
/// </summary>
public sealed class ClusterDashboardAuthTests(AuthServerFixture fixture) : IClassFixture<AuthServerFixture>, IDisposable
{
    private const string Cookie = "checkpointgrid-orleans";

    private readonly TestKeys _keys = fixture.Keys;
    private readonly GridServer _server = fixture.Server;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = fixture.Server.WebAddress,
        Timeout = GridServer.Patience,
    };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Without_a_token_the_page_is_the_login_form_and_the_data_api_is_refused()
    {
        using var page = await _http.GetAsync("/orleans/");
        using var login = await _http.GetAsync("/orleans/login");
        using var counters = await _http.GetAsync("/orleans/DashboardCounters");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("action=\"/orleans/session\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("<form method=\"post\"", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, counters.StatusCode);
        Assert.Contains("no bearer token", await counters.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_token_gets_no_session_and_its_cookie_opens_nothing()
    {
        var viewer = _keys.Mint(TokenRoles.Viewer).Token;

        using var session = await PostSessionAsync(viewer);
        using var counters = await GetWithCookieAsync("/orleans/DashboardCounters", viewer);
        using var page = await GetWithCookieAsync("/orleans/", viewer);

        Assert.Equal(HttpStatusCode.Forbidden, session.StatusCode);
        Assert.False(session.Headers.Contains("Set-Cookie"));
        Assert.Contains("needs role admin", await session.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, counters.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task An_admin_token_becomes_a_dashboard_cookie_that_opens_the_page_and_its_data_and_nothing_else()
    {
        var admin = _keys.Mint(TokenRoles.Admin).Token;

        using var session = await PostSessionAsync(admin);
        var cookie = Assert.Single(session.Headers.GetValues("Set-Cookie"));
        using var page = await GetWithCookieAsync("/orleans/", admin);
        using var counters = await GetWithCookieAsync("/orleans/DashboardCounters", admin);
        using var stats = await GetWithCookieAsync("/orleans/ClusterStats", admin);
        using var elsewhere = await GetWithCookieAsync("/api/v1/checkpoints", admin);

        Assert.Equal(HttpStatusCode.SeeOther, session.StatusCode);
        Assert.Equal("/orleans/", session.Headers.Location?.OriginalString);
        Assert.StartsWith($"{Cookie}={admin};", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/orleans", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Equal("application/json", counters.Content.Headers.ContentType?.MediaType);
        // The dashboard's own data (its collector fills the host list on a timer of its own, so the count may still be 0).
        Assert.Contains("\"totalActiveHostCount\":", await counters.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        // The cookie is the dashboard's alone: the rest of the web port wants its own header or URL token.
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_revoked_admin_token_in_the_cookie_is_refused()
    {
        var admin = _keys.Mint(TokenRoles.Admin);
        using var before = await GetWithCookieAsync("/orleans/DashboardCounters", admin.Token);

        await _server.Channel.UnaryAsync(
            AuthCalls.RevokeToken,
            new RevokeTokenRequest { TokenId = admin.TokenId, Reason = "dashboard test" },
            new CallOptions(headers: TestKeys.Bearer(_keys.Mint(TokenRoles.Admin).Token), deadline: DateTime.UtcNow + GridServer.Patience)).WaitAsync(GridServer.Patience);
        using var after = await GetWithCookieAsync("/orleans/DashboardCounters", admin.Token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("has been revoked", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostSessionAsync(string token)
    {
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]);
        return await _http.PostAsync("/orleans/session", form);
    }

    private async Task<HttpResponseMessage> GetWithCookieAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", $"{Cookie}={token}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return await _http.SendAsync(request);
    }
}

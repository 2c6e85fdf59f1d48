using System.Net;
using CheckpointGrid.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CheckpointGrid.Server.Tests.Web;

/// <summary>The Orleans dashboard on the web port at /orleans: open like the rest without tokens, and gone with Dashboard:Enabled false.</summary>
public sealed class ClusterDashboardTests
{
    [Fact]
    public async Task Open_server_serves_the_dashboard_and_its_data_at_orleans()
    {
        await using var server = await GridServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.WebAddress, Timeout = GridServer.Patience };

        using var page = await http.GetAsync("/orleans/");
        using var script = await http.GetAsync("/orleans/index.min.js");
        var counters = await http.GetStringAsync("/orleans/DashboardCounters");
        using var login = await http.GetAsync("/orleans/login");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        // The dashboard's own data (its collector fills the host list on a timer of its own, so the count may still be 0).
        Assert.Contains("\"totalActiveHostCount\":", counters, StringComparison.Ordinal);
        // No tokens, no login.
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Enabled_false_leaves_it_out_of_the_silo_and_the_web_port()
    {
        await using var server = await GridServer.StartAsync("--Dashboard:Enabled", "false");
        using var http = new HttpClient { BaseAddress = server.WebAddress, Timeout = GridServer.Patience };

        using var page = await http.GetAsync("/orleans/");
        using var counters = await http.GetAsync("/orleans/DashboardCounters");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, counters.StatusCode);
        Assert.DoesNotContain(server.Services.GetServices<IHostedService>(), s => s.GetType().Namespace?.StartsWith("Orleans.Dashboard", StringComparison.Ordinal) == true);
    }
}

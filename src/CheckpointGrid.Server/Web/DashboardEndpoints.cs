using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Server.Query;
using CheckpointGrid.Core.Reporting;
using CheckpointGrid.Server.Watch;

namespace CheckpointGrid.Server.Web;

/// <summary>
/// The built-in dashboard on the HTTP/1.1 port: its page, the catalog, time series (QueryService.GetTimeSeries as
/// JSON), a month's report as CSV, and the Watch stream as Server-Sent Events (a browser cannot speak gRPC over
/// HTTP/2; SSE needs no client library and reconnects by itself).
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>A month's report as CSV (see <see cref="ReportQuery"/>), a viewer's read like the rest of /api/.</summary>
    public const string ReportCsvPath = "/api/v1/report.csv";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var assets = app.ServiceProvider.GetRequiredService<DashboardAssets>();
        foreach (var path in assets.Paths)
        {
            app.MapGet(path, assets.Serve);
        }
        app.MapGet("/", assets.Serve);
        app.MapGet("/api/v1/checkpoints", ListCheckpoints);
        app.MapGet("/api/v1/timeseries", GetTimeSeriesAsync);
        app.MapGet("/api/v1/watch", WatchAsync);
        app.MapGet(ReportCsvPath, ReportCsvAsync);
        return app;
    }

    private static IResult ListCheckpoints(CheckpointCatalog catalog)
    {
        var response = new ListCheckpointsResponse();
        response.Checkpoints.AddRange(catalog.All.Select(c => c.ToProto()));
        return Results.Text(EventStreamSink.Json.Format(response), "application/json; charset=utf-8");
    }

    /// <summary>GetTimeSeries for the page's charts: the same answer as the RPC, in the protos' JSON mapping; 400 or 404 with the reason.</summary>
    private static async Task<IResult> GetTimeSeriesAsync(HttpContext http, CheckpointCatalog catalog, IGrainFactory grains)
    {
        try
        {
            var request = TimeSeriesQuery.Parse(http.Request.Query);
            var scope = ScopeResolver.Check(catalog, request.Scope, "scope");
            var response = await (await ScopeReads.ReadYourWritesAsync(grains, catalog, scope)).GetTimeSeriesAsync(request);
            return Results.Text(EventStreamSink.Json.Format(response), "application/json; charset=utf-8");
        }
        catch (RpcException ex)
        {
            return Results.Text(ex.Status.Detail + "\n", statusCode: ex.StatusCode == StatusCode.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
        catch (InvalidQueryException ex)
        {
            return Results.Text(ex.Message + "\n", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>A month's report (QueryService.GetMonthlyReport) as SNM's CSV, for the page's download.</summary>
    private static async Task<IResult> ReportCsvAsync(HttpContext http, CheckpointCatalog catalog, IGrainFactory grains)
    {
        try
        {
            var report = (await new Query.QueryService(catalog, grains).ReportAsync(ReportQuery.Parse(http.Request.Query))).Report;
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{ReportQuery.FileName(report)}\"";
            return Results.Text(MonthlyReportCsv.Write([report]), "text/csv; charset=utf-8");
        }
        catch (RpcException ex)
        {
            return Results.Text(ex.Status.Detail + "\n", statusCode: ex.StatusCode == StatusCode.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
        catch (InvalidQueryException ex)
        {
            return Results.Text(ex.Message + "\n", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task WatchAsync(HttpContext http, WatchHub hub, IHostApplicationLifetime lifetime)
    {
        WatchSession session;
        try
        {
            session = hub.Open(WatchQuery.Parse(http.Request.Query));
        }
        catch (RpcException ex)
        {
            http.Response.StatusCode = ex.StatusCode == StatusCode.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync(ex.Status.Detail + "\n", http.RequestAborted);
            return;
        }
        // A stream ends when the browser leaves or the server stops, whichever comes first.
        using var end = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var sink = new EventStreamSink(http.Response);
        try
        {
            await sink.StartAsync(end.Token);
            await session.RunAsync(static (sink, message, token) => sink.WriteAsync(message, token), sink, end.Token);
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // The browser left, or the server is stopping: nothing to report.
        }
    }
}

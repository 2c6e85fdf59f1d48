using System.Net;
using CheckpointGrid.Server.Tests.Telemetry.Otlp;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>
/// A collector's OTLP/HTTP protobuf receiver on a free loopback port (/v1/metrics, /v1/traces, /v1/logs), keeping
/// what it decodes. A test awaits what it expects with <see cref="WaitForAsync"/>: each export wakes the waiters, no polling.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ReceivedSpan> _spans = [];
    private readonly List<ReceivedMetric> _metrics = [];
    private readonly List<LogRecord> _logs = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The receiver's base address, as OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Settings that aim one server at this receiver over http/protobuf, exporting every few hundred milliseconds.</summary>
    public string[] ServerSettings =>
    [
        "--OTEL_EXPORTER_OTLP_ENDPOINT", Endpoint.ToString().TrimEnd('/'),
        "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
        "--OTEL_METRIC_EXPORT_INTERVAL", "200",
        "--OTEL_BSP_SCHEDULE_DELAY", "100",
        "--OTEL_BLRP_SCHEDULE_DELAY", "100",
    ];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/metrics", (HttpContext http) => receiver.ReceiveAsync(http, ExportMetricsServiceRequest.Parser, receiver.Keep));
        app.MapPost("/v1/traces", (HttpContext http) => receiver.ReceiveAsync(http, ExportTraceServiceRequest.Parser, receiver.Keep));
        app.MapPost("/v1/logs", (HttpContext http) => receiver.ReceiveAsync(http, ExportLogsServiceRequest.Parser, receiver.Keep));
        await app.StartAsync().WaitAsync(GridServer.Patience);
        receiver.Endpoint = new Uri(app.Urls.Single());
        return receiver;
    }

    /// <summary>Awaits until <paramref name="probe"/> finds what it looks for in what was received, or fails after <see cref="GridServer.Patience"/> saying what arrived.</summary>
    public async Task<T> WaitForAsync<T>(Func<OtlpReceiver, T?> probe, string what)
        where T : class
    {
        using var timeout = new CancellationTokenSource(GridServer.Patience);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                arrived = _arrived.Task;
            }
            if (probe(this) is { } found)
            {
                return found;
            }
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The receiver did not get {what} within {GridServer.Patience}. Spans: {string.Join(", ", Spans().Select(static s => $"{s.Scope}/{s.Span.Name}"))}. Metrics: {string.Join(", ", Metrics().Select(static m => m.Metric.Name).Distinct())}.");
            }
        }
    }

    public IReadOnlyList<ReceivedSpan> Spans()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    public IReadOnlyList<ReceivedMetric> Metrics()
    {
        lock (_gate)
        {
            return [.. _metrics];
        }
    }

    public IReadOnlyList<LogRecord> Logs()
    {
        lock (_gate)
        {
            return [.. _logs];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(GridServer.Patience);
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync<TRequest>(HttpContext http, MessageParser<TRequest> parser, Action<TRequest> keep)
        where TRequest : IMessage<TRequest>
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        keep(parser.ParseFrom(body.ToArray()));
        TaskCompletionSource arrived;
        lock (_gate)
        {
            arrived = _arrived;
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.SetResult();
        // An empty Export*ServiceResponse: full success.
        http.Response.ContentType = "application/x-protobuf";
    }

    private void Keep(ExportMetricsServiceRequest request)
    {
        lock (_gate)
        {
            foreach (var resource in request.ResourceMetrics)
            {
                foreach (var scope in resource.ScopeMetrics)
                {
                    _metrics.AddRange(scope.Metrics.Select(metric => new ReceivedMetric(scope.Scope?.Name ?? "", metric)));
                }
            }
        }
    }

    private void Keep(ExportTraceServiceRequest request)
    {
        lock (_gate)
        {
            foreach (var resource in request.ResourceSpans)
            {
                foreach (var scope in resource.ScopeSpans)
                {
                    _spans.AddRange(scope.Spans.Select(span => new ReceivedSpan(scope.Scope?.Name ?? "", span)));
                }
            }
        }
    }

    private void Keep(ExportLogsServiceRequest request)
    {
        lock (_gate)
        {
            foreach (var resource in request.ResourceLogs)
            {
                foreach (var scope in resource.ScopeLogs)
                {
                    _logs.AddRange(scope.LogRecords);
                }
            }
        }
    }
}

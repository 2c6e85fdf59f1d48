using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CheckpointGrid.Server.Tests.Telemetry;

/// <summary>The server aimed at an OTLP receiver (its own settings, not the process's environment): the project's metrics and one batch's trace arrive.</summary>
public class OtlpExportTests
{
    private const string Checkpoint = "PA-DAR-SVC";
    private const string CheckpointKey = "checkpointgrid.checkpoint.id";

    [Fact]
    public async Task Ingest_metrics_move_by_exactly_the_events_accepted_duplicate_and_rejected()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var server = await GridServer.StartAsync(receiver.ServerSettings);
        Assert.NotNull(server.Services.GetService<MeterProvider>());
        var events = Events("t-metrics", 1, 5);
        events[1].Nationality = "venezuela";

        using (var call = await OpenAsync(server, "t-metrics"))
        {
            var first = await SendAsync(call, events);
            var again = await SendAsync(call, events);
            Assert.Equal((4U, 0U, 1), (first.AcceptedEvents, first.DuplicateEvents, first.Rejections.Count));
            Assert.Equal((0U, 4U, 1), (again.AcceptedEvents, again.DuplicateEvents, again.Rejections.Count));
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        }

        await receiver.WaitForAsync(
            r => Latest(r, "checkpointgrid.ingest.events.accepted") == 4
                && Latest(r, "checkpointgrid.ingest.events.duplicate") == 4
                && Latest(r, "checkpointgrid.ingest.events.rejected") == 2
                && Latest(r, "checkpointgrid.ingest.streams") == 0
                && AckCount(r) == 2 ? r : null,
            "ingest metrics of 4 accepted, 4 duplicate, 2 rejected events in 2 acks on a closed stream");
        string[] meters = ["CheckpointGrid.Grains", "CheckpointGrid.Storage", "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];
        await receiver.WaitForAsync(
            r => meters.All(meter => r.Metrics().Any(m => m.Meter == meter)) ? r : null,
            "metrics from the grains', the store's, Orleans', ASP.NET Core's and Kestrel's meters");
    }

    [Fact]
    public async Task One_batch_is_one_trace_from_the_grpc_call_through_the_grain_to_the_commit_and_the_ack_and_its_logs_carry_the_trace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var server = await GridServer.StartAsync([.. receiver.ServerSettings, "--Logging:LogLevel:CheckpointGrid.Server.Ingest", "Debug"]);

        using (var call = await OpenAsync(server, "t-trace"))
        {
            Assert.Equal(3U, (await SendAsync(call, Events("t-trace", 1, 3))).AcceptedEvents);
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        }

        var trace = await receiver.WaitForAsync(static r => BatchTrace(r.Spans()), "a trace with the gRPC call, the batch, the grain call, the commit and the ack");

        var batch = Assert.Single(trace, static s => s.Span.Name == "ingest batch");
        Assert.Equal(Checkpoint, batch.Attribute(CheckpointKey));
        Assert.Equal("t-trace", batch.Attribute("checkpointgrid.terminal.id"));
        var commit = Assert.Single(trace, static s => s.Span.Name == "checkpoint commit");
        Assert.Equal(Checkpoint, commit.Attribute(CheckpointKey));
        var grpc = Assert.Single(trace, static s => s.Scope == "Microsoft.AspNetCore" && s.Span.Kind == SpanKindServer);
        Assert.Equal(grpc.Span.SpanId, batch.Span.ParentSpanId);
        Assert.Contains(trace, static s => s.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Span.Name == "ingest ack" && s.Span.ParentSpanId == batch.Span.SpanId);
        var opened = await receiver.WaitForAsync(
            static r => r.Logs().FirstOrDefault(static l => l.Body?.StringValue?.Contains("Ingest stream opened", StringComparison.Ordinal) == true),
            "the log of the stream's opening");
        Assert.Equal(grpc.Span.TraceId, opened.TraceId);
    }

    [Fact]
    public async Task Watch_metrics_count_the_watcher_while_it_watches_and_the_updates_it_was_sent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var server = await GridServer.StartAsync(receiver.ServerSettings);
        var scope = new Scope { CheckpointId = Checkpoint };

        await using (var watcher = await Watcher.StartAsync(server.Channel, new WatchRequest { Scope = scope }))
        {
            await watcher.WaitUntilAsync(static view => view.Count == 1, GridServer.Patience);
            await server.RecordAsync(Crossings.One(Checkpoint));
            await watcher.WaitUntilAsync(view => view.TryGetValue(Watcher.KeyOf(scope), out var counts) && counts.Totals.Arrival.People == 1, GridServer.Patience);
            await receiver.WaitForAsync(
                static r => Untagged(r, "checkpointgrid.watch.watchers") == 1 && Untagged(r, "checkpointgrid.watch.updates.sent") >= 1 ? r : null,
                "one watcher, sent at least one update");
        }

        await receiver.WaitForAsync(static r => Untagged(r, "checkpointgrid.watch.watchers") == 0 ? r : null, "no watcher once it left");
    }

    [Fact]
    public async Task Without_an_endpoint_no_OpenTelemetry_provider_is_registered()
    {
        await using var server = await GridServer.StartAsync();

        Assert.Null(server.Services.GetService<MeterProvider>());
        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Null(server.Services.GetService<LoggerProvider>());
    }

    private const int SpanKindServer = 2;

    /// <summary>The spans of the trace holding an ingest batch, once it has all it should: null until then.</summary>
    private static List<ReceivedSpan>? BatchTrace(IReadOnlyList<ReceivedSpan> spans)
    {
        // Spans are listened to process-wide: other tests' servers' spans arrive too; this test's terminal is its own.
        var batch = spans.FirstOrDefault(static s => s.Span.Name == "ingest batch" && s.Attribute("checkpointgrid.terminal.id") == "t-trace");
        if (batch is null)
        {
            return null;
        }
        var trace = spans.Where(s => s.Span.TraceId == batch.Span.TraceId).ToList();
        var complete = trace.Any(static s => s.Scope == "Microsoft.AspNetCore")
            && trace.Any(static s => s.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal))
            && trace.Any(static s => s.Span.Name == "checkpoint commit")
            && trace.Any(static s => s.Span.Name == "ingest ack");
        return complete ? trace : null;
    }

    /// <summary>The newest exported total of a sum for the checkpoint, or null before any.</summary>
    private static long? Latest(OtlpReceiver receiver, string metric) =>
        receiver.Metrics()
            .Where(m => m.Metric.Name == metric)
            .Select(static m => m.Point(CheckpointKey, Checkpoint))
            .Where(static p => p is not null)
            .MaxBy(static p => p!.Value.Time)?.Value;

    private static long? Untagged(OtlpReceiver receiver, string metric) =>
        receiver.Metrics()
            .Where(m => m.Metric.Name == metric)
            .Select(static m => m.Untagged())
            .Where(static p => p is not null)
            .MaxBy(static p => p!.Value.Time)?.Value;

    private static ulong? AckCount(OtlpReceiver receiver) =>
        receiver.Metrics()
            .Where(static m => m.Metric.Name == "checkpointgrid.ingest.ack.duration")
            .Select(static m => m.HistogramCount(CheckpointKey, Checkpoint))
            .Where(static p => p is not null)
            .MaxBy(static p => p!.Value.Time)?.Count;

    private static async Task<AsyncDuplexStreamingCall<IngestRequest, IngestResponse>> OpenAsync(GridServer server, string terminal)
    {
        var call = server.Channel.Duplex(Rpcs.IngestStream);
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = Checkpoint, TerminalId = terminal } });
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        return call;
    }

    private static async Task<IngestAck> SendAsync(AsyncDuplexStreamingCall<IngestRequest, IngestResponse> call, List<CrossingEvent> events)
    {
        var batch = new EventBatch();
        batch.Events.AddRange(events);
        await call.RequestStream.WriteAsync(new IngestRequest { Batch = batch });
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        return call.ResponseStream.Current.Ack;
    }

    private static List<CrossingEvent> Events(string terminal, ulong first, int count) => Crossings.Sequenced(Checkpoint, terminal, first, count);
}

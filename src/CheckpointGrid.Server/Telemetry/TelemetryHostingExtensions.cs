using CheckpointGrid.Grains.Diagnostics;
using CheckpointGrid.Server.Ingest;
using CheckpointGrid.Server.Watch;
using System.Diagnostics.Metrics;
using CheckpointGrid.Storage.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CheckpointGrid.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the server: the project's meters and spans, Orleans', ASP.NET Core's and Kestrel's, and the logs,
/// exported over OTLP. It is on only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured (environment, command line or
/// any other configuration source, so a test can aim one server at its own receiver); otherwise nothing is registered:
/// no listener, no exporter thread, a default run unchanged. The SDK reads the other standard <c>OTEL_*</c> settings
/// (protocol, headers, intervals, resource attributes) from configuration itself.
/// </summary>
public static class TelemetryHostingExtensions
{
    /// <summary>The setting that turns telemetry on: the collector's OTLP address.</summary>
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service name reported when OTEL_SERVICE_NAME does not give one.</summary>
    public const string ServiceName = "checkpointgrid";

    /// <summary>Orleans' meters ("Microsoft.Orleans" and any it adds under that prefix).</summary>
    private const string OrleansMeters = "Microsoft.Orleans*";

    /// <summary>ASP.NET Core's request meter and Kestrel's connection meter, named even though the instrumentation adds them.</summary>
    private static readonly string[] AspNetCoreMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>Orleans' ActivitySources: its runtime calls and the application's grain calls.</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>True when telemetry is to be exported.</summary>
    public static bool IsExporting(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration?[EndpointSetting]);

    /// <summary>
    /// A view that drops the instruments of meters another host's <see cref="IMeterFactory"/> made. Meters are
    /// listened to by name, process-wide: where several servers share a process (tests), each would otherwise export
    /// the others' measurements too. Meters made without a factory are kept, whoever made them.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnMetersOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>The project's instruments (always: their measurements cost next to nothing unheard), and OpenTelemetry when exporting.</summary>
    public static WebApplicationBuilder AddCheckpointGridTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<WatchMetrics>();
        if (!IsExporting(builder.Configuration))
        {
            return builder;
        }
        var serviceNamed = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!serviceNamed)
                {
                    resource.AddService(ServiceName, serviceVersion: typeof(TelemetryHostingExtensions).Assembly.GetName().Version?.ToString());
                }
            })
            .WithMetrics(static metrics =>
            {
                metrics
                    .AddMeter(IngestDiagnostics.MeterName, WatchMetrics.MeterName, GrainDiagnostics.MeterName, StorageDiagnostics.MeterName)
                    .AddMeter(OrleansMeters)
                    .AddMeter(AspNetCoreMeters)
                    .AddAspNetCoreInstrumentation();
                ((IDeferredMeterProviderBuilder)metrics).Configure(static (services, built) => built.AddView(OwnMetersOnly(services.GetRequiredService<IMeterFactory>())));
            })
            .WithTracing(tracing => tracing
                .AddSource(IngestDiagnostics.ActivitySourceName, GrainDiagnostics.ActivitySourceName)
                .AddSource(OrleansSources)
                // Probes would be most of the traces and say nothing.
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = static http => !http.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal)))
            .WithLogging()
            .UseOtlpExporter();
        return builder;
    }
}

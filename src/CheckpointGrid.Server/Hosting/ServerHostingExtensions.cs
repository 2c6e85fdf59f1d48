using CheckpointGrid.Grains;
using CheckpointGrid.Server.Auth;
using CheckpointGrid.Server.Counting;
using CheckpointGrid.Server.Grpc;
using CheckpointGrid.Server.Operations;
using CheckpointGrid.Server.Telemetry;
using CheckpointGrid.Server.Tls;
using CheckpointGrid.Server.Watch;
using CheckpointGrid.Server.Web;
using CheckpointGrid.Server.Web.ClusterDashboard;
using CheckpointGrid.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Hosting;

/// <summary>Wires the CheckpointGrid server: configuration, Kestrel's two endpoints, the gRPC services.</summary>
public static class ServerHostingExtensions
{
    public static WebApplicationBuilder AddCheckpointGridServer(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>([.. ServerOptions.Switches, .. AuthOptions.Switches, .. ServerTlsOptions.Switches]));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        // The readiness check is Unhealthy while starting and stopping, as it should be; the health service and
        // /healthz say so. The health-check runner would log each of those runs as an error.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        // Orleans and its placement retries (Polly) narrate every start and activation at Information.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var tokens = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Enabled ?? false;
        var tls = builder.Configuration.GetSection(ServerTlsOptions.Section).Get<ServerTlsOptions>()?.Enabled ?? false;
        var cluster = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var postgres = builder.Configuration[$"{PostgresStoreOptions.SectionName}:{nameof(PostgresStoreOptions.ConnectionString)}"];
        postgres = string.IsNullOrWhiteSpace(postgres) ? null : postgres;
        var errors = options.Validate(tokens, tls).Concat(cluster.Validate()).ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), errors);
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(cluster);
        var endpoints = new ServerEndpoints();
        builder.Services.AddSingleton(endpoints);

        builder.AddCheckpointGridTls(out var certificate);
        builder.AddCheckpointGridKestrel(options, endpoints, certificate);

        builder.Services.AddCheckpointGridGrpc(builder.Configuration);
        builder.AddCheckpointGridAuth();
        if (postgres is null)
        {
            builder.Services.AddSqliteCrossingStore(store =>
            {
                builder.Configuration.GetSection(SqliteStoreOptions.SectionName).Bind(store);
                store.DataDirectory = Path.GetFullPath(options.DataDir);
            });
        }
        else
        {
            // Every silo of the cluster writes to the one database its membership is in.
            builder.Services.AddPostgresCrossingStore(store => builder.Configuration.GetSection(PostgresStoreOptions.SectionName).Bind(store));
        }
        builder.AddCheckpointGridTelemetry();
        builder.AddCheckpointGridStatus();
        builder.AddCheckpointGridSilo(options, cluster, postgres);
        // Started in this order, after the silo: the catalog cache, the warm counts, the watch hub.
        builder.Services.AddCheckpointGridGrains(builder.Configuration);
        builder.Services.AddHostedService<CountsWarmup>();
        builder.Services.Configure<WatchOptions>(builder.Configuration.GetSection(WatchOptions.Section));
        builder.Services.AddSingleton<WatchHub>();
        builder.Services.AddHostedService(static sp => sp.GetRequiredService<WatchHub>());
        builder.Services.AddSingleton<DashboardAssets>();
        builder.Services.AddHostedService<StartupReporter>();
        return builder;
    }

    public static WebApplication MapCheckpointGrid(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ServerOptions>().HealthPort != 0)
        {
            // First: on the health port nothing but grpc.health.v1 reaches authentication, parsing or an endpoint.
            app.UseMiddleware<HealthPortGate>();
        }
        app.UseCheckpointGridAuth();
        // After authorization: only callers allowed the method get their request parsed twice.
        app.UseMiddleware<RequestMessageCheck>();
        app.MapCheckpointGridGrpc();
        app.MapDashboard();
        app.MapClusterDashboard();
        // The same checks as grpc.health.v1, for plain-HTTP probes.
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = static (http, report) => http.Response.WriteAsync(report.Status == HealthStatus.Healthy ? "SERVING\n" : "NOT_SERVING\n"),
        });
        return app;
    }
}

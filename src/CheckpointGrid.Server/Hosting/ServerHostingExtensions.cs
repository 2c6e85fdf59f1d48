using CheckpointGrid.Rpc.Health;
using CheckpointGrid.Rpc.Reflection;
using CheckpointGrid.Core.Catalog;
using CheckpointGrid.Grains;
using CheckpointGrid.Rpc.Server;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Server.Counting;
using CheckpointGrid.Server.Ingest;
using CheckpointGrid.Server.Query;
using CheckpointGrid.Server.Watch;
using CheckpointGrid.Server.Web;
using CheckpointGrid.Storage;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Hosting;

/// <summary>Wires the CheckpointGrid server: configuration, Kestrel's two endpoints, the gRPC services.</summary>
public static class ServerHostingExtensions
{
    public static WebApplicationBuilder AddCheckpointGridServer(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, ServerOptions.Switches);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), errors);
        }
        builder.Services.AddSingleton(options);
        var endpoints = new ServerEndpoints();
        builder.Services.AddSingleton(endpoints);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var address = options.ParsedBindAddress;
            kestrel.Listen(address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                endpoints.Grpc = listen;
            });
            kestrel.Listen(address, options.HttpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                endpoints.Web = listen;
            });
        });

        builder.Services.AddGrpcServer();
        builder.Services.Configure<GrpcServerOptions>(builder.Configuration.GetSection("Grpc"));
        builder.Services.AddGrpcHealth();
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton(new CheckpointCatalog(DefaultCatalog.Checkpoints));
        builder.Services.AddSqliteCrossingStore(store =>
        {
            builder.Configuration.GetSection(SqliteStoreOptions.SectionName).Bind(store);
            store.DataDirectory = Path.GetFullPath(options.DataDir);
        });
        builder.Services.AddGrains(grains => grains
            .Add<CheckpointGrain>("checkpoint")
            .Add<RegionGrain>("region")
            .Add<NationalGrain>("nation")
            .Configure(o => builder.Configuration.GetSection("Grains").Bind(o)));
        builder.Services.AddHostedService<CountsWarmup>();
        builder.Services.Configure<WatchOptions>(builder.Configuration.GetSection(WatchOptions.Section));
        builder.Services.AddSingleton<WatchHub>();
        builder.Services.AddSingleton<DashboardAssets>();
        builder.Services.AddGrpcService<CatalogService>();
        builder.Services.AddGrpcService<QueryService>();
        builder.Services.AddGrpcService<IngestService>();
        builder.Services.AddGrpcService<WatchService>();
        builder.Services.AddHostedService<StartupReporter>();
        return builder;
    }

    public static WebApplication MapCheckpointGrid(this WebApplication app)
    {
        app.MapGrpcServices();
        app.MapDashboard();
        app.MapGet("/healthz", (HealthStatusRegistry health) =>
            health.GetStatus(HealthStatusRegistry.Server) == HealthCheckResponse.Types.ServingStatus.Serving
                ? Results.Text("SERVING\n")
                : Results.Text("NOT_SERVING\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}

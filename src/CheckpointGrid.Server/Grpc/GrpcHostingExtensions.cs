using CheckpointGrid.Server.Admin;
using CheckpointGrid.Server.Catalog;
using CheckpointGrid.Server.Ingest;
using CheckpointGrid.Server.Query;
using CheckpointGrid.Server.Operations;
using CheckpointGrid.Server.Watch;
using Grpc.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CheckpointGrid.Server.Grpc;

/// <summary>The gRPC side of the host: grpc-dotnet services, reflection with the protos' comments, and grpc.health.v1 from the ASP.NET health checks.</summary>
internal static class GrpcHostingExtensions
{
    public static IServiceCollection AddCheckpointGridGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GrpcLimitsOptions>().Bind(configuration.GetSection(GrpcLimitsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddGrpc(grpc =>
        {
            var limits = configuration.GetSection(GrpcLimitsOptions.Section).Get<GrpcLimitsOptions>() ?? new GrpcLimitsOptions();
            grpc.MaxReceiveMessageSize = limits.MaxReceiveMessageSize;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<StatusMappingInterceptor>();
        });

        // Registered before AddGrpcReflection, whose own registrations are TryAdd: these serve the documented files.
        var (descriptors, files) = ProtoDescriptors.Load();
        var symbols = SymbolRegistry.FromFiles(files);
        services.AddSingleton(new ReflectionServiceImpl(descriptors.Select(d => d.FullName), symbols));
        services.AddSingleton(new ReflectionV1ServiceImpl(descriptors.Select(d => d.FullName), symbols));
        services.AddGrpcReflection();

        services.AddSingleton<ReadinessHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<ReadinessHealthCheck>(ReadinessHealthCheck.Name)
            .AddCheck<LivenessHealthCheck>(LivenessHealthCheck.Name, tags: [LivenessHealthCheck.Tag]);
        // Service "" (every check) is readiness; service "liveness" is the process alone.
        services.AddGrpcHealthChecks(health => health.Services.Map(LivenessHealthCheck.Service, static check => check.Tags.Contains(LivenessHealthCheck.Tag)));
        // Health Watch follows the checks promptly: first run at once, then every second.
        services.Configure<HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = TimeSpan.FromSeconds(1);
        });
        services.AddHostedService<HealthOnShutdown>();
        return services;
    }

    public static IEndpointRouteBuilder MapCheckpointGridGrpc(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<CatalogService>();
        app.MapGrpcService<QueryService>();
        app.MapGrpcService<IngestService>();
        app.MapGrpcService<WatchService>();
        app.MapGrpcService<AdminService>();
        app.MapGrpcService<StatusService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }
}

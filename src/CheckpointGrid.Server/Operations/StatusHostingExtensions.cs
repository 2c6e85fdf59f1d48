namespace CheckpointGrid.Server.Operations;

/// <summary>The cluster status: this silo's counters, its grain service that hands them out, and the reader that asks every silo's.</summary>
internal static class StatusHostingExtensions
{
    /// <summary>Call before the silo is added: the counters' listener starts first, so it hears every stream and activation begin.</summary>
    public static WebApplicationBuilder AddCheckpointGridStatus(this WebApplicationBuilder builder)
    {
        builder.Services.AddCheckpointGridSiloStatus();
        return builder;
    }

    /// <summary>What a silo needs to answer for itself and to read the cluster's status.</summary>
    public static IServiceCollection AddCheckpointGridSiloStatus(this IServiceCollection services)
    {
        services.AddSingleton<SiloCounters>();
        services.AddHostedService(static sp => sp.GetRequiredService<SiloCounters>());
        services.AddGrainService<SiloStatusGrainService>();
        services.AddSingleton<SiloStatusClient>();
        services.AddSingleton<ClusterStatusReader>();
        return services;
    }
}

using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Grains.Counting;
using CheckpointGrid.Grains.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckpointGrid.Grains;

/// <summary>What a silo needs beside the grain classes: the catalog cache (filled as the silo becomes active), the publishing options, the domain's clock, the grains' metrics.</summary>
public static class GrainsServiceCollectionExtensions
{
    public static IServiceCollection AddCheckpointGridGrains(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddKeyedSingleton(GridClock.Key, TimeProvider.System);
        services.AddOptions<PublishingOptions>().Bind(configuration.GetSection(PublishingOptions.Section));
        services.AddMetrics();
        services.TryAddSingleton<GrainMetrics>();
        services.AddSingleton(new CheckpointCatalog([]));
        services.AddSingleton<CatalogCacheRefresher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<CatalogCacheRefresher>());
        return services;
    }
}

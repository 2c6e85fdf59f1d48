using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Grains.Diagnostics;
using CheckpointGrid.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Grains;

/// <summary>Adds the in-process grain runtime to a host.</summary>
public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Adds the grain runtime (an <see cref="IGrainFactory"/>, in-memory storage unless replaced, and a
    /// hosted service that collects idle grains and deactivates every grain when the host stops), then
    /// lets <paramref name="configure"/> register grain types.
    /// </summary>
    public static IServiceCollection AddGrains(this IServiceCollection services, Action<GrainsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GrainOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainOptions>, GrainOptionsValidator>());
        services.TryAddSingleton<IGrainStorage, InMemoryGrainStorage>();
        services.TryAddSingleton<GrainMetrics>();
        services.TryAddSingleton<GrainCatalog>();
        services.TryAddSingleton<IGrainFactory>(static sp => sp.GetRequiredService<GrainCatalog>());
        services.TryAddSingleton<ActivationCollector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GrainRuntimeService>());
        configure(new GrainsBuilder(services));
        return services;
    }
}

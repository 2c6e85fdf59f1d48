using System.Diagnostics.Metrics;
using CheckpointGrid.Storage.Postgres;
using CheckpointGrid.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Storage;

/// <summary>Registers a store with a host: one instance that is the <see cref="ICrossingStore"/>, the <see cref="ICatalogStore"/> and the <see cref="ITokenRevocationStore"/>.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Adds the embedded SQLite store, keeping its file in <paramref name="dataDirectory"/>.</summary>
    public static IServiceCollection AddSqliteCrossingStore(this IServiceCollection services, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return services.AddSqliteCrossingStore(options => options.DataDirectory = dataDirectory);
    }

    /// <summary>
    /// Adds the embedded SQLite store as the <see cref="ICrossingStore"/> and <see cref="ICatalogStore"/>. Its <see cref="SqliteStoreOptions"/>
    /// come from whatever configures them (bind section <see cref="SqliteStoreOptions.SectionName"/>) and then
    /// <paramref name="configure"/>; they are validated, and the store opened, when the host starts. The
    /// container closes the store, writing every queued batch first, when it is disposed.
    /// </summary>
    public static IServiceCollection AddSqliteCrossingStore(this IServiceCollection services, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<SqliteStoreOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());
        services.TryAddSingleton(static sp => SqliteCrossingStore.Open(
            sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICrossingStore>(static sp => sp.GetRequiredService<SqliteCrossingStore>());
        services.TryAddSingleton<ICatalogStore>(static sp => sp.GetRequiredService<SqliteCrossingStore>());
        services.TryAddSingleton<ITokenRevocationStore>(static sp => sp.GetRequiredService<SqliteCrossingStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteStoreOpener>());
        return services;
    }

    /// <summary>
    /// Adds the PostgreSQL store (a cluster's silos share its database) as the <see cref="ICrossingStore"/>, the
    /// <see cref="ICatalogStore"/> and the <see cref="ITokenRevocationStore"/>. Its <see cref="PostgresStoreOptions"/>
    /// come from whatever configures them (bind section <see cref="PostgresStoreOptions.SectionName"/>) and then
    /// <paramref name="configure"/>; they are validated, the store opened and its schema made ready, when the host
    /// starts. The container closes the store, writing every queued batch first, when it is disposed.
    /// </summary>
    public static IServiceCollection AddPostgresCrossingStore(this IServiceCollection services, Action<PostgresStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<PostgresStoreOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStoreOptions>, PostgresStoreOptionsValidator>());
        services.TryAddSingleton(static sp => PostgresCrossingStore.Start(
            sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICrossingStore>(static sp => sp.GetRequiredService<PostgresCrossingStore>());
        services.TryAddSingleton<ICatalogStore>(static sp => sp.GetRequiredService<PostgresCrossingStore>());
        services.TryAddSingleton<ITokenRevocationStore>(static sp => sp.GetRequiredService<PostgresCrossingStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresStoreOpener>());
        return services;
    }

    /// <summary>Adds <see cref="InMemoryCrossingStore"/> as the <see cref="ICrossingStore"/> and <see cref="ICatalogStore"/>: nothing survives a restart (tests, demos).</summary>
    public static IServiceCollection AddInMemoryCrossingStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<InMemoryCrossingStore>();
        services.TryAddSingleton<ICrossingStore>(static sp => sp.GetRequiredService<InMemoryCrossingStore>());
        services.TryAddSingleton<ICatalogStore>(static sp => sp.GetRequiredService<InMemoryCrossingStore>());
        services.TryAddSingleton<ITokenRevocationStore>(static sp => sp.GetRequiredService<InMemoryCrossingStore>());
        return services;
    }
}

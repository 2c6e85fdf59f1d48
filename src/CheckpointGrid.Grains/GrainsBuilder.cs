using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckpointGrid.Grains;

/// <summary>Registers grain types, storage and options; handed to <see cref="GrainServiceCollectionExtensions.AddGrains"/>.</summary>
public sealed class GrainsBuilder
{
    internal GrainsBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>Registers <typeparamref name="TGrain"/>, reached as itself.</summary>
    /// <param name="typeName">The grain type's name in ids and storage keys; defaults to the type's full name.</param>
    public GrainsBuilder Add<TGrain>(string? typeName = null) where TGrain : Grain => Add<TGrain, TGrain>(typeName);

    /// <summary>Registers <typeparamref name="TGrain"/>, reached as <typeparamref name="TInterface"/> (and as itself).</summary>
    /// <param name="typeName">The grain type's name in ids and storage keys; defaults to the interface's full name.</param>
    public GrainsBuilder Add<TInterface, TGrain>(string? typeName = null)
        where TInterface : class
        where TGrain : Grain, TInterface
    {
        Services.AddSingleton(new GrainType(typeName ?? typeof(TInterface).FullName!, typeof(TInterface), typeof(TGrain)));
        return this;
    }

    /// <summary>Keeps grain state in <typeparamref name="TStorage"/> instead of process memory.</summary>
    public GrainsBuilder UseStorage<TStorage>() where TStorage : class, IGrainStorage
    {
        Services.Replace(ServiceDescriptor.Singleton<IGrainStorage, TStorage>());
        return this;
    }

    public GrainsBuilder Configure(Action<GrainOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}

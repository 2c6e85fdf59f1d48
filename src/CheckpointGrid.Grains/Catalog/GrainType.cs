using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Grains.Catalog;

/// <summary>A registered grain type: its name, how callers reach it, and how to construct it.</summary>
internal sealed class GrainType
{
    private readonly ObjectFactory _factory;

    public GrainType(string name, Type interfaceType, Type implementationType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        InterfaceType = interfaceType;
        ImplementationType = implementationType;
        // Built once here so an activation costs a delegate call, not a reflection walk.
        _factory = ActivatorUtilities.CreateFactory(implementationType, Type.EmptyTypes);
        Tag = new("grain.type", name);
    }

    public string Name { get; }

    public Type InterfaceType { get; }

    public Type ImplementationType { get; }

    /// <summary>The metric tag for this type, made once.</summary>
    public KeyValuePair<string, object?> Tag { get; }

    /// <summary>A new instance, its constructor's parameters resolved from <paramref name="services"/>.</summary>
    public Grain Create(IServiceProvider services) => (Grain)_factory(services, null);
}

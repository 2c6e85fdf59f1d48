using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Storage.Tests;

/// <summary>Adding the in-memory store: one instance for events and catalog.</summary>
public sealed class InMemoryRegistrationTests
{
    [Fact]
    public void In_memory_store_is_the_crossing_store_and_the_catalog_store()
    {
        using var services = new ServiceCollection().AddInMemoryCrossingStore().BuildServiceProvider();

        Assert.IsType<InMemoryCrossingStore>(services.GetRequiredService<ICrossingStore>());
        Assert.Same(services.GetRequiredService<ICrossingStore>(), services.GetRequiredService<ICatalogStore>());
        Assert.Same(services.GetRequiredService<ICrossingStore>(), services.GetRequiredService<ITokenRevocationStore>());
    }
}

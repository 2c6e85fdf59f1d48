using CheckpointGrid.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace CheckpointGrid.Grains.Tests.Fixtures;

/// <summary>
/// An in-process Orleans cluster of <c>silos</c> silos running the real grains over one shared store (a silo's
/// services are its own; the store is the one thing they share, as a cluster shares its database).
/// </summary>
internal sealed class GrainCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private GrainCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<GrainCluster> StartAsync(short silos, object store)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Services.AddSingleton((ICrossingStore)store);
            host.Services.AddSingleton((ICatalogStore)store);
            host.Services.AddCheckpointGridGrains(host.Configuration);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(Patience);
        return new GrainCluster(cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync().WaitAsync(Patience);
        await Cluster.DisposeAsync();
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Grains;
using CheckpointGrid.Server.Ingest;
using CheckpointGrid.Server.Operations;
using CheckpointGrid.Server.Watch;
using CheckpointGrid.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace CheckpointGrid.Server.Tests.Operations;

/// <summary>The status of a two-silo cluster read from one silo: both silos listed, each with its own numbers, asked of it.</summary>
public sealed class TwoSiloStatusTests
{
    /// <summary>Two silos' start on a busy two-core machine: more than one server's.</summary>
    private static readonly TimeSpan ClusterPatience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Status_read_on_one_silo_lists_both_with_the_numbers_of_each()
    {
        var store = new InMemoryCrossingStore();
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Services.AddSingleton<ICrossingStore>(store);
            host.Services.AddSingleton<ICatalogStore>(store);
            host.Services.AddCheckpointGridGrains(host.Configuration);
            host.Services.AddSingleton<IngestMetrics>();
            host.Services.AddSingleton<WatchMetrics>();
            host.Services.AddCheckpointGridSiloStatus();
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(ClusterPatience);
        var (first, second) = (cluster.Silos[0], cluster.Silos[1]);
        // Each silo's own instruments move as its ingest and watch services would move them.
        var svc = IngestMetrics.Checkpoint("PA-DAR-SVC");
        var firstIngest = first.ServiceProvider.GetRequiredService<IngestMetrics>();
        firstIngest.StreamOpened(svc);
        firstIngest.StreamOpened(svc);
        firstIngest.Acked(svc, accepted: 30, duplicate: 4, rejected: 1, TimeSpan.FromMilliseconds(5));
        second.ServiceProvider.GetRequiredService<IngestMetrics>().Counted(svc, accepted: 7, duplicate: 0);
        second.ServiceProvider.GetRequiredService<WatchMetrics>().WatcherStarted();

        var status = await first.ServiceProvider.GetRequiredService<ClusterStatusReader>()
            .ReadAsync(includeDead: false, CancellationToken.None).WaitAsync(ClusterPatience);

        Assert.Equal(2, status.Silos.Count);
        Assert.All(status.Silos, s => Assert.Equal(SiloState.Active, s.State));
        Assert.All(status.Silos, s => Assert.Equal("", s.Error));
        var onFirst = status.Silos.Single(s => s.Address == first.SiloAddress.ToParsableString()).Counts;
        var onSecond = status.Silos.Single(s => s.Address == second.SiloAddress.ToParsableString()).Counts;
        Assert.Equal((30UL, 2UL, 0UL), (onFirst.EventsAccepted, onFirst.OpenIngestStreams, onFirst.Watchers));
        Assert.Equal((7UL, 0UL, 1UL), (onSecond.EventsAccepted, onSecond.OpenIngestStreams, onSecond.Watchers));
        Assert.True(onFirst.IngestEventsPerSecond > onSecond.IngestEventsPerSecond);
        Assert.True(onSecond.IngestEventsPerSecond > 0);
        Assert.Equal((37UL, 2UL, 1UL), (status.Totals.EventsAccepted, status.Totals.OpenIngestStreams, status.Totals.Watchers));
        Assert.Equal(onFirst.IngestEventsPerSecond + onSecond.IngestEventsPerSecond, status.Totals.IngestEventsPerSecond);
    }
}

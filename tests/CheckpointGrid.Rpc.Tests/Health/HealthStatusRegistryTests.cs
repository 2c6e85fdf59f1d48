using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Health;
using CheckpointGrid.Rpc.Server;
using Microsoft.Extensions.Logging.Abstractions;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Rpc.Tests.Health;

/// <summary>The statuses behind the health service, and how watchers see them change.</summary>
public class HealthStatusRegistryTests
{
    private const string TestService = "grpc.testing.TestService";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_mapped_service_follows_the_server_until_it_is_set()
    {
        var statuses = CreateRegistry();
        Assert.Equal(ServingStatus.NotServing, statuses.GetStatus(TestService));

        statuses.Set(HealthStatusRegistry.Server, ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, statuses.GetStatus(TestService));

        statuses.Set(TestService, ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, statuses.GetStatus(TestService));
        Assert.Equal(ServingStatus.Serving, statuses.GetStatus(HealthStatusRegistry.Server));
    }

    [Fact]
    public void A_service_neither_mapped_nor_set_is_unknown()
    {
        Assert.Equal(ServingStatus.ServiceUnknown, CreateRegistry().GetStatus("grpc.testing.NoSuchService"));
    }

    [Fact]
    public void Service_unknown_cannot_be_set()
    {
        var statuses = CreateRegistry();

        Assert.Throws<ArgumentOutOfRangeException>(() => statuses.Set(TestService, ServingStatus.ServiceUnknown));
        Assert.Throws<ArgumentOutOfRangeException>(() => statuses.SetAll(ServingStatus.ServiceUnknown));
    }

    [Fact]
    public void Set_all_overrides_every_status_set_before()
    {
        var statuses = CreateRegistry();
        statuses.Set(TestService, ServingStatus.Serving);
        statuses.Set("grpc.testing.Other", ServingStatus.Serving);

        statuses.SetAll(ServingStatus.NotServing);

        Assert.Equal(ServingStatus.NotServing, statuses.GetStatus(TestService));
        Assert.Equal(ServingStatus.NotServing, statuses.GetStatus("grpc.testing.Other"));
        Assert.Equal(ServingStatus.NotServing, statuses.GetStatus(HealthStatusRegistry.Server));
    }

    [Fact]
    public async Task A_slow_watcher_skips_to_the_latest_status()
    {
        var statuses = CreateRegistry();
        using var stop = new CancellationTokenSource();
        await using var watch = statuses.WatchAsync(TestService, stop.Token).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(ServingStatus.NotServing, watch.Current);

        statuses.Set(TestService, ServingStatus.Serving);
        statuses.Set(TestService, ServingStatus.NotServing);
        statuses.Set(TestService, ServingStatus.Serving);

        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(ServingStatus.Serving, watch.Current);
        var next = watch.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted, "A status was sent twice, or one that was superseded.");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Patience));
    }

    [Fact]
    public async Task Stop_sends_not_serving_then_ends_every_watch_and_later_ones_at_once()
    {
        var statuses = CreateRegistry();
        statuses.Set(HealthStatusRegistry.Server, ServingStatus.Serving);
        await using var watch = statuses.WatchAsync(TestService).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Patience));

        statuses.Stop();

        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(ServingStatus.NotServing, watch.Current);
        Assert.False(await watch.MoveNextAsync().AsTask().WaitAsync(Patience));
        var later = await statuses.WatchAsync(HealthStatusRegistry.Server).ToListAsync().AsTask().WaitAsync(Patience);
        Assert.Equal([ServingStatus.NotServing], later);
    }

    private static HealthStatusRegistry CreateRegistry()
    {
        var mapped = new GrpcServiceRegistry();
        mapped.Add(TestServiceMethods.TestService);
        return new HealthStatusRegistry(mapped, NullLogger<HealthStatusRegistry>.Instance);
    }
}

using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Grains.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Grains.Tests;

/// <summary>AddGrains in a real generic host.</summary>
public class GrainHostingTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 0)]
    [InlineData(10, 11)]
    public async Task Invalid_options_fail_host_start(int idleMinutes, int collectionMinutes)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        GrainTestHost.AddTestGrains(builder.Services);
        builder.Services.Configure<GrainOptions>(options =>
        {
            options.IdleAge = TimeSpan.FromMinutes(idleMinutes);
            options.CollectionInterval = TimeSpan.FromMinutes(collectionMinutes);
        });
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Host_serves_grains_and_deactivates_them_when_it_stops()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        GrainTestHost.AddTestGrains(builder.Services);
        using var host = builder.Build();
        await host.StartAsync();
        var counter = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("hosted");

        Assert.Equal(3, await counter.CallAsync(static (g, amount) => g.Add(amount), 3).WithTimeout());
        await host.StopAsync().WithTimeout();

        var probe = host.Services.GetRequiredService<GrainProbe>();
        Assert.Equal((counter.Id, DeactivationReason.RuntimeStopping), await probe.Deactivations.NextAsync());
    }
}

using CheckpointGrid.Testing.Time;
using CheckpointGrid.Grains.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CheckpointGrid.Grains.Tests.Fixtures;

/// <summary>The grain runtime with the test grains, on manual time, started as a host would start it; disposing stops it.</summary>
public sealed class GrainTestHost : IAsyncDisposable
{
    public static readonly TimeSpan IdleAge = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan CollectionInterval = TimeSpan.FromMinutes(1);

    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;
    private bool _stopped;

    private GrainTestHost(ServiceProvider services, List<IHostedService> hosted)
    {
        _services = services;
        _hosted = hosted;
    }

    public IServiceProvider Services => _services;

    public ManualTimeProvider Time => (ManualTimeProvider)_services.GetRequiredService<TimeProvider>();

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public GrainProbe Probe => _services.GetRequiredService<GrainProbe>();

    public static void AddTestGrains(IServiceCollection services) =>
        services.AddSingleton<GrainProbe>().AddGrains(static grains => grains
            .Add<ICounterGrain, CounterGrain>("counter")
            .Add<IJournalGrain, JournalGrain>("journal")
            .Add<ITickerGrain, TickerGrain>("ticker")
            .Add<IFlakyGrain, FlakyGrain>("flaky"));

    public static async Task<GrainTestHost> StartAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        AddTestGrains(services);
        services.Configure<GrainOptions>(static options =>
        {
            options.IdleAge = IdleAge;
            options.CollectionInterval = CollectionInterval;
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }
        return new GrainTestHost(provider, hosted);
    }

    /// <summary>Stops the runtime as host shutdown would: every grain deactivates.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        using var timeout = new CancellationTokenSource(TestWaits.Timeout);
        for (var i = _hosted.Count - 1; i >= 0; i--)
        {
            await _hosted[i].StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}

using System.Diagnostics;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Bench.Grains;

/// <summary>
/// Grain-call throughput in process: what the runtime costs per call, without gRPC or storage.
/// Each scenario runs for a fixed time after a warm-up; the summary gives median [min-max] over runs.
/// </summary>
internal static class GrainBenchmark
{
    private const int Pipeline = 1000;

    public static async Task<int> RunAsync(GrainBenchOptions options)
    {
        await using var services = new ServiceCollection()
            .AddGrains(grains => grains.Add<CounterGrain>("counter"))
            .BuildServiceProvider();
        var factory = services.GetRequiredService<IGrainFactory>();
        var scenarios = new (string Name, Func<IGrainFactory, GrainBenchOptions, CancellationToken, Task<long>> Run)[]
        {
            ("one grain, awaited call by call", OneGrainSequentialAsync),
            ($"one grain, {Pipeline:N0} calls in flight", OneGrainPipelinedAsync),
            ($"{options.Concurrency} callers over {options.Grains:N0} grains", ManyGrainsAsync),
        };
        Console.WriteLine($"grains: {Environment.ProcessorCount} cores, {options.Seconds} s per scenario, {options.Runs} runs, Server GC: {System.Runtime.GCSettings.IsServerGC}");
        var rates = new List<double?>[scenarios.Length];
        var bytes = new List<double?>[scenarios.Length];
        for (var s = 0; s < scenarios.Length; s++)
        {
            rates[s] = [];
            bytes[s] = [];
            await MeasureAsync(scenarios[s].Run, factory, options with { Seconds = 1 }); // warm-up: JIT tiers, activations
        }
        for (var run = 0; run < options.Runs; run++)
        {
            for (var s = 0; s < scenarios.Length; s++)
            {
                var (rate, perCall) = await MeasureAsync(scenarios[s].Run, factory, options);
                rates[s].Add(rate);
                bytes[s].Add(perCall);
                Console.WriteLine($"  run {run + 1}: {scenarios[s].Name,-34} {rate,12:N0} calls/s {perCall,8:N0} B/call");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"{"scenario",-34} {"calls/s median [min-max]",-36} B/call median");
        for (var s = 0; s < scenarios.Length; s++)
        {
            var rate = Spread.Of(rates[s])!.Value;
            var perCall = Spread.Of(bytes[s])!.Value;
            Console.WriteLine($"{scenarios[s].Name,-34} {$"{rate.Median:N0} [{rate.Min:N0}-{rate.Max:N0}]",-36} {perCall.Median:N0}");
        }
        return 0;
    }

    private static async Task<(double Rate, double BytesPerCall)> MeasureAsync(
        Func<IGrainFactory, GrainBenchOptions, CancellationToken, Task<long>> scenario, IGrainFactory factory, GrainBenchOptions options)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var calls = await scenario(factory, options, stop.Token);
        var elapsed = clock.Elapsed.TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return (calls / elapsed, (double)allocated / calls);
    }

    private static async Task<long> OneGrainSequentialAsync(IGrainFactory factory, GrainBenchOptions options, CancellationToken stop)
    {
        var grain = factory.GetGrain<CounterGrain>("sequential");
        long calls = 0;
        while (!stop.IsCancellationRequested)
        {
            await grain.CallAsync(static (g, n) => g.AddAsync(n), 1L);
            calls++;
        }
        return calls;
    }

    private static async Task<long> OneGrainPipelinedAsync(IGrainFactory factory, GrainBenchOptions options, CancellationToken stop)
    {
        var grain = factory.GetGrain<CounterGrain>("pipelined");
        var inFlight = new Task<long>[Pipeline];
        long calls = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < inFlight.Length; i++)
            {
                inFlight[i] = grain.CallAsync(static (g, n) => g.AddAsync(n), 1L);
            }
            await Task.WhenAll(inFlight);
            calls += inFlight.Length;
        }
        return calls;
    }

    private static async Task<long> ManyGrainsAsync(IGrainFactory factory, GrainBenchOptions options, CancellationToken stop)
    {
        var keys = new string[options.Grains];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = "g" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var callers = new Task<long>[options.Concurrency];
        for (var c = 0; c < callers.Length; c++)
        {
            var seed = c;
            callers[c] = Task.Run(async () =>
            {
                var random = new Random(seed);
                long calls = 0;
                while (!stop.IsCancellationRequested)
                {
                    await factory.GetGrain<CounterGrain>(keys[random.Next(keys.Length)]).CallAsync(static (g, n) => g.AddAsync(n), 1L);
                    calls++;
                }
                return calls;
            }, CancellationToken.None);
        }
        long total = 0;
        foreach (var calls in await Task.WhenAll(callers))
        {
            total += calls;
        }
        return total;
    }
}

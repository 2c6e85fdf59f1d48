using System.Diagnostics;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Bench.Rpc.Workers;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Rpc;

/// <summary>
/// Runs one scenario against one target: start the workers, warm up, record for the measured
/// window, stop. Every phase is bounded: workers that don't stop within the drain time have
/// their calls cancelled, and a worker that fails fails the scenario at once.
/// </summary>
internal static class LoadRunner
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    public static async Task<ScenarioResult> RunAsync(LoadTarget target, Scenario scenario, RpcBenchOptions options)
    {
        using var control = new LoadControl();
        var workers = new LoadWorker[scenario.Streams];
        var tasks = new Task[scenario.Streams];
        var peakReset = target.Pid is { } pid && ProcFs.TryResetPeakRss(pid);
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = scenario.CreateWorker(target.Channels[i % target.Channels.Length], control);
            tasks[i] = Task.Run(workers[i].RunAsync);
        }
        var all = Task.WhenAll(tasks);
        try
        {
            await RunForAsync(all, options.Warmup);

            var serverCpuBefore = target.Pid is { } before ? ProcFs.ReadCpuTime(before) : null;
            var clientCpuBefore = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            control.StartRecording();
            await RunForAsync(all, options.Duration);
            control.StopRecording();
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var clientCores = (Environment.CpuUsage.TotalTime - clientCpuBefore).TotalSeconds / seconds;
            var serverCpuAfter = target.Pid is { } after ? ProcFs.ReadCpuTime(after) : null;
            var serverCores = serverCpuAfter - serverCpuBefore is { } used ? used.TotalSeconds / seconds : (double?)null;
            var connections = ProcFs.CountConnectionsTo(target.Address.Port);
            var peakRss = peakReset && target.Pid is { } p ? ProcFs.ReadStatusKib(p, "VmHWM") / 1024.0 : null;

            await StopAsync(control, all);

            var latency = new LatencyHistogram();
            long operations = 0;
            foreach (var worker in workers)
            {
                operations += worker.Operations;
                latency.Add(worker.Latency);
            }
            return new ScenarioResult(
                target.Name, scenario.Name, scenario.Unit, operations, seconds,
                scenario.MeasuresLatency ? latency.PercentileMicroseconds(0.50) : null,
                scenario.MeasuresLatency ? latency.PercentileMicroseconds(0.99) : null,
                serverCores, clientCores, peakRss, connections);
        }
        finally
        {
            if (!all.IsCompleted)
            {
                control.AbortCalls();
                await Task.WhenAny(all, Task.Delay(DrainTimeout));
            }
        }
    }

    /// <summary>Lets the load run for <paramref name="time"/>; workers must not end before it does.</summary>
    private static async Task RunForAsync(Task all, TimeSpan time)
    {
        if (await Task.WhenAny(all, Task.Delay(time)) == all)
        {
            await all;
            throw new InvalidOperationException("The workers ended before the scenario did.");
        }
    }

    private static async Task StopAsync(LoadControl control, Task all)
    {
        control.Stop();
        if (await Task.WhenAny(all, Task.Delay(DrainTimeout)) != all)
        {
            control.AbortCalls();
            throw new TimeoutException($"The workers did not stop within {DrainTimeout.TotalSeconds:0} s; their calls were cancelled.");
        }
        await all;
    }
}

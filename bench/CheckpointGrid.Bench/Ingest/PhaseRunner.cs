using System.Diagnostics;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Bench.Servers;
using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// Runs one phase: build every terminal's batches, start the streams, warm up, record for the
/// window, stop and drain (every batch sent is acknowledged before the phase ends). Bounded: if the
/// streams don't drain within the drain time their calls are cancelled and the phase fails.
/// </summary>
internal static class PhaseRunner
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="phase"/>; <paramref name="poolRate"/> (events per second, all terminals) is what the pre-built batches must last for over the warm-up and the window.</summary>
    public static Task<PhaseResult> RunAsync(
        IngestServerProcess server, GrpcChannel[] channels, SimulatedTerminal[] terminals, IngestPhase phase,
        TimeSpan warmup, TimeSpan duration, double poolRate, int seed) =>
        RunAsync([server], channels, terminals, phase, warmup, duration, poolRate, seed, probe: null);

    /// <summary>
    /// As above, against several servers (the silos of a cluster): their CPU is summed, their threads pooled, the peak
    /// RSS is the largest silo's; <paramref name="probe"/>, if any, is read at the window's start and end and its numbers
    /// go into <see cref="PhaseResult.Extra"/>.
    /// </summary>
    public static async Task<PhaseResult> RunAsync(
        IReadOnlyList<IngestServerProcess> servers, GrpcChannel[] channels, SimulatedTerminal[] terminals, IngestPhase phase,
        TimeSpan warmup, TimeSpan duration, double poolRate, int seed, IWindowProbe? probe)
    {
        var batches = Build(terminals, poolRate * (warmup + duration).TotalSeconds, seed);
        using var control = new LoadControl();
        using var pacer = phase.Rate is null ? null : new Pacer();
        var streams = new TerminalStream[terminals.Length];
        var tasks = new Task[terminals.Length];
        var pids = servers.Select(static s => s.Pid).ToArray();
        var peakReset = pids.All(ProcFs.TryResetPeakRss);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < terminals.Length; i++)
        {
            streams[i] = new TerminalStream(channels[i % channels.Length], terminals[i], batches[i], control, phase.InFlight, Pacing(phase, pacer, start, i, terminals.Length));
            tasks[i] = Task.Run(streams[i].RunAsync);
        }
        var all = Task.WhenAll(tasks);
        try
        {
            await RunForAsync(all, warmup, streams);

            if (probe is not null)
            {
                await probe.StartAsync();
            }
            var serverCpuBefore = ReadCpuTime(pids);
            var threadsBefore = ServerThreads.Snapshot(pids);
            var clientCpuBefore = Environment.CpuUsage.TotalTime;
            var windowStart = Stopwatch.GetTimestamp();
            control.StartRecording();
            await RunForAsync(all, duration, streams);
            control.StopRecording();
            var seconds = Stopwatch.GetElapsedTime(windowStart).TotalSeconds;
            var clientCores = (Environment.CpuUsage.TotalTime - clientCpuBefore).TotalSeconds / seconds;
            var serverCores = ReadCpuTime(pids) - serverCpuBefore is { } used ? used.TotalSeconds / seconds : (double?)null;
            var (threadGroups, busiest) = ServerThreads.Snapshot(pids).Since(threadsBefore, seconds);
            var peakRss = peakReset ? pids.Max(static pid => ProcFs.ReadStatusKib(pid, "VmHWM")) / 1024.0 : null;
            var extra = probe is null ? PhaseResult.NoExtra : await probe.StopAsync(seconds);

            await StopAsync(control, pacer, all);

            var latency = new LatencyHistogram();
            var lag = new LatencyHistogram();
            long windowEvents = 0;
            long events = 0;
            long acks = 0;
            var ranOut = false;
            for (var i = 0; i < streams.Length; i++)
            {
                var stream = streams[i];
                terminals[i].Advance(stream);
                latency.Add(stream.Latency);
                lag.Add(stream.ScheduleLag);
                windowEvents += stream.WindowEvents;
                events += stream.AckedEvents;
                acks += stream.Acks;
                ranOut |= stream.RanOut;
            }
            return new PhaseResult(
                phase, windowEvents, seconds,
                latency.PercentileMicroseconds(0.50), latency.PercentileMicroseconds(0.99), latency.PercentileMicroseconds(1.0),
                phase.Rate is null ? null : lag.PercentileMicroseconds(0.99),
                serverCores, clientCores, peakRss, acks == 0 ? 0 : (double)events / acks, threadGroups, busiest, ranOut)
            {
                Extra = extra,
            };
        }
        finally
        {
            if (!all.IsCompleted)
            {
                control.AbortCalls();
                await Task.WhenAny(all, Task.Delay(DrainTimeout));
            }
            foreach (var stream in streams)
            {
                stream?.Dispose();
            }
            foreach (var terminal in batches)
            {
                terminal.Release();
            }
        }
    }

    /// <summary>The servers' CPU time summed; null if one's is unreadable.</summary>
    private static TimeSpan? ReadCpuTime(int[] pids)
    {
        var sum = TimeSpan.Zero;
        foreach (var pid in pids)
        {
            if (ProcFs.ReadCpuTime(pid) is not { } used)
            {
                return null;
            }
            sum += used;
        }
        return sum;
    }

    /// <summary>
    /// Every terminal's batches, built in parallel before the phase, then a full collection, so the
    /// phase neither makes events nor promotes them through the GC's generations while it is measured.
    /// </summary>
    private static TerminalBatches[] Build(SimulatedTerminal[] terminals, double events, int seed)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var perTerminal = (long)Math.Ceiling(events / terminals.Length) + (4 * TerminalBatches.MaxBatchEvents);
        var batches = new TerminalBatches[terminals.Length];
        Parallel.For(0, terminals.Length, i =>
            batches[i] = TerminalBatches.Generate(terminals[i], terminals[i].NextSequence, perTerminal, (seed * 1000) + i));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return batches;
    }

    /// <summary>A paced terminal's share of the rate; first sends staggered over one mean batch interval so the terminals don't send in step.</summary>
    private static (Pacer, double, long)? Pacing(IngestPhase phase, Pacer? pacer, long start, int index, int terminals)
    {
        if (phase.Rate is not { } rate || pacer is null)
        {
            return null;
        }
        var perTerminal = rate / terminals;
        var meanBatch = (TerminalBatches.MinBatchEvents + TerminalBatches.MaxBatchEvents) / 2.0;
        var offset = meanBatch / perTerminal * index / terminals;
        return (pacer, perTerminal, start + (long)(offset * Stopwatch.Frequency));
    }

    /// <summary>Lets the load run for <paramref name="time"/>; the streams must not end before it does, unless they ran out of batches.</summary>
    private static async Task RunForAsync(Task all, TimeSpan time, TerminalStream[] streams)
    {
        if (await Task.WhenAny(all, Task.Delay(time)) == all)
        {
            await all;
            foreach (var stream in streams)
            {
                if (stream.RanOut)
                {
                    return;
                }
            }
            throw new InvalidOperationException("The terminals' streams ended before the phase did.");
        }
    }

    private static async Task StopAsync(LoadControl control, Pacer? pacer, Task all)
    {
        control.Stop();
        // Releases the paced senders waiting for their next batch's time, so they see the stop now.
        pacer?.Dispose();
        if (await Task.WhenAny(all, Task.Delay(DrainTimeout)) != all)
        {
            control.AbortCalls();
            throw new TimeoutException($"The streams did not drain within {DrainTimeout.TotalSeconds:0} s; their calls were cancelled.");
        }
        await all;
    }
}

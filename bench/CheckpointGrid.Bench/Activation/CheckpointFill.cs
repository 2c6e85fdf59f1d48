using System.Diagnostics;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Activation;

/// <summary>
/// Fills a data directory the honest way: the real server, started on it, takes the events through Ingest
/// (terminals all at one checkpoint, realistic batches, every ack checked as in <c>ingest</c>) and is then
/// stopped with SIGTERM, so the store is closed as after any orderly shutdown.
/// </summary>
internal static class CheckpointFill
{
    private const int InFlight = 4;

    /// <summary>Events per batch-building round and terminal: bounds the bench's heap (about 230 B per pre-built event).</summary>
    private const long ChunkEvents = 250_000;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Streams <paramref name="events"/> events (whole batches, so a few more) into <paramref name="terminals"/>' checkpoint; returns the rate.</summary>
    /// <remarks>The events' occurred_at spread over <paramref name="history"/>, ending now, in sequence order.</remarks>
    public static async Task<double> FillAsync(ServerBuild build, string dataDir, SimulatedTerminal[] terminals, long events, TimeSpan history)
    {
        await using var server = await IngestServerProcess.StartAsync(build, dataDir, ownsDataDir: false);
        var channels = new Grpc.Net.Client.GrpcChannel[terminals.Length];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = ServerChannel.Open(server.Address, manyStreams: false);
        }
        try
        {
            var start = Stopwatch.GetTimestamp();
            var from = DateTimeOffset.UtcNow - history;
            long acked = 0;
            var seed = 1;
            while (acked < events)
            {
                var perTerminal = Math.Min(ChunkEvents, (events - acked + terminals.Length - 1) / terminals.Length);
                // Each chunk its share of the history, so occurred_at keeps rising with the sequence.
                var span = history * (perTerminal * terminals.Length / (double)events);
                acked += await SendChunkAsync(channels, terminals, perTerminal, seed++, from, span);
                from += span;
                Console.WriteLine($"  {build.Name}: {acked:N0} events acknowledged");
            }
            var rate = acked / Stopwatch.GetElapsedTime(start).TotalSeconds;
            var check = await CountCheck.RunAsync(channels[0], terminals);
            if (!check.Equal)
            {
                throw new InvalidOperationException($"{build.Name}: after the fill the national totals say {check.CountedPeople:N0} people, the acks {check.AckedPeople:N0}.");
            }
            await server.StopAsync(StopTimeout);
            return rate;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task<long> SendChunkAsync(
        Grpc.Net.Client.GrpcChannel[] channels, SimulatedTerminal[] terminals, long perTerminal, int seed, DateTimeOffset from, TimeSpan span)
    {
        var batches = new TerminalBatches[terminals.Length];
        Parallel.For(0, terminals.Length, i => batches[i] = TerminalBatches.Generate(terminals[i], terminals[i].NextSequence, perTerminal, (seed * 100) + i, from, span));
        using var control = new LoadControl();
        var streams = new TerminalStream[terminals.Length];
        var tasks = new Task[terminals.Length];
        for (var i = 0; i < terminals.Length; i++)
        {
            // Closed loop, no pacing: each stream sends all its batches, half-closes and reads every ack.
            streams[i] = new TerminalStream(channels[i], terminals[i], batches[i], control, InFlight, pacing: null);
            tasks[i] = Task.Run(streams[i].RunAsync);
        }
        await Task.WhenAll(tasks);
        long acked = 0;
        for (var i = 0; i < terminals.Length; i++)
        {
            terminals[i].Advance(streams[i]);
            acked += streams[i].AckedEvents;
            streams[i].Dispose();
            batches[i].Release();
        }
        return acked;
    }
}

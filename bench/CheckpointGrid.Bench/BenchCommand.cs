using CheckpointGrid.Bench.Grains;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Rpc;
using CheckpointGrid.Bench.Watch;

namespace CheckpointGrid.Bench;

/// <summary>Dispatches the bench's commands: <c>rpc</c> (the gRPC layer), <c>grains</c> (grain calls) and <c>ingest</c> (durable ingestion through the real server).</summary>
internal static class BenchCommand
{
    private const string Usage = """
        usage: CheckpointGrid.Bench rpc [--target http://127.0.0.1:PORT [--server-pid PID]]
                                        [--seconds S] [--connections C] [--concurrency N]
                                        [--runs R] [--peer node|python] [--scenarios a,b,...]

          --target       a running server to load (loopback only); without it the interop
                         server is started as a separate process on a free loopback port
          --server-pid   with --target: the server's pid, for its CPU time and peak RSS
          --seconds      measured seconds per scenario, after a 1 s warm-up (default 5, max 60)
          --connections  HTTP/2 connections (one channel each) the callers share (default 1, max 64)
          --concurrency  N: concurrent callers or streams in the "xN" scenarios (default 32, max 256)
          --runs         rounds of all scenarios; the summary gives median [min-max] (default 1, max 10)
          --peer         also start a peer server (Node @grpc/grpc-js or Python grpcio) and
                         load it the same way, alternating with ours; prints ratios ours/peer
          --scenarios    only these kinds: unary, server-streaming, client-streaming, ping-pong

               CheckpointGrid.Bench grains [--seconds S] [--runs R] [--grains G] [--concurrency N]

          grain calls in process: one grain awaited call by call, one grain with 1,000 calls in
          flight, and N callers over G grains; calls/s and bytes allocated per call

               CheckpointGrid.Bench ingest [--seconds S] [--runs R] [--terminals T] [--connections C]
                                           [--in-flight 1,2,4] [--rate EVENTS_PER_S]

          the real server (CheckpointGrid.Server) as a separate process on a fresh data directory;
          T terminals (default 16), each its own Ingest stream, send batches of 50-500 events:
          durable events/s with 1, 2, 4 ... batches in flight per terminal, then ack latency at a
          paced rate (default half the best saturation rate), the server's CPU and peak RSS, and a
          check that its national totals equal everything acknowledged
          --seconds      measured seconds per phase, after a 2 s warm-up (default 5, max 60)
          --runs         runs, each on a fresh server; the summary gives median [min-max] (default 3, max 10)
          --connections  HTTP/2 connections the terminals share (default: one per terminal)

               CheckpointGrid.Bench watch [--watchers N] [--runs R] [--seconds S] [--terminals T] [--rate EVENTS_PER_S]

          what dashboards cost ingestion: saturated ingestion with no watcher and with N Watch streams
          (default 1,000) connected, alternating order run by run; then, paced at --rate (default
          50,000/s) with the watchers, ack -> watcher update latency of a probe terminal's events
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "grains")
        {
            try
            {
                return await GrainBenchmark.RunAsync(GrainBenchOptions.Parse(args.AsSpan(1)));
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}\n\n{Usage}");
                return 2;
            }
        }
        if (args.Length > 0 && args[0] == "ingest")
        {
            try
            {
                return await IngestBenchmark.RunAsync(IngestBenchOptions.Parse(args.AsSpan(1)));
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}\n\n{Usage}");
                return 2;
            }
        }
        if (args is ["watch-fleet", var address, var watchers])
        {
            return await FleetProcess.RunChildAsync(new Uri(address), int.Parse(watchers, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (args.Length > 0 && args[0] == "watch")
        {
            try
            {
                return await WatchBenchmark.RunAsync(WatchBenchOptions.Parse(args.AsSpan(1)));
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}\n\n{Usage}");
                return 2;
            }
        }
        if (args.Length == 0 || args[0] != "rpc")
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        RpcBenchOptions options;
        try
        {
            options = RpcBenchOptions.Parse(args.AsSpan(1));
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}\n\n{Usage}");
            return 2;
        }
        return await RpcBenchmark.RunAsync(options);
    }
}

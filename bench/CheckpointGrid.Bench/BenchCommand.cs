using CheckpointGrid.Bench.Activation;
using CheckpointGrid.Bench.Cluster;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Watch;

namespace CheckpointGrid.Bench;

/// <summary>
/// Dispatches the bench's commands: <c>ingest</c> (durable ingestion through the real server), <c>watch</c> (what
/// dashboards cost it), <c>activation</c> (what a checkpoint with many stored events costs at start) and <c>cluster</c>
/// (ingestion and fail-over of a cluster of silos on PostgreSQL).
/// </summary>
internal static class BenchCommand
{
    private const string Usage = """
        usage: CheckpointGrid.Bench ingest [--seconds S] [--runs R] [--terminals T] [--connections C]
                                           [--in-flight 1,2,4] [--rate EVENTS_PER_S] [--baseline DIR]

          the real server (CheckpointGrid.Server) as a separate process on a fresh data directory;
          T terminals (default 16), each its own Ingest stream, send batches of 50-500 events:
          durable events/s with 1, 2, 4 ... batches in flight per terminal, then ack latency at a
          paced rate (default half the best saturation rate), the server's CPU and peak RSS, and a
          check that its national totals equal everything acknowledged
          --seconds      measured seconds per phase, after a 2 s warm-up (default 5, max 60)
          --runs         runs, each on a fresh server; the summary gives median [min-max] (default 3, max 10)
          --connections  HTTP/2 connections the terminals share (default: one per terminal)
          --baseline     another build's server output directory (with CheckpointGrid.Server.dll):
                         each run measures both servers in turn on the same load, the order swapped
                         run by run, and the summary adds new/baseline; the paced rate is then 50,000
                         events/s unless --rate says otherwise

               CheckpointGrid.Bench watch [--watchers N] [--runs R] [--seconds S] [--terminals T] [--rate EVENTS_PER_S]
                                          [--baseline DIR]

          what dashboards cost ingestion: saturated ingestion with no watcher and with N Watch streams
          (default 1,000) connected, alternating order run by run; then, paced at --rate (default
          50,000/s) with the watchers, ack -> watcher update latency of a probe terminal's events;
          --baseline as for ingest

               CheckpointGrid.Bench activation [--events N] [--history-days D] [--repeats R] [--terminals T] [--baseline DIR]

          what a checkpoint with many stored events costs at start: the real server takes N events
          (default 1,000,000) at one checkpoint through Ingest from T terminals (default 4), occurred over
          the last D days (default 400, the most days a checkpoint keeps counts rows for), and is stopped;
          then R times (default 5), alternating, it is started on that data directory and on an empty one,
          timed from process start to SERVING; then R times the checkpoint grain's activation (the store's
          LoadAsync + ScopeCounter.Restore) straight on the filled store, without a server;
          --baseline: the same fill and restarts for another build (its own data directory)

               CheckpointGrid.Bench cluster [--silos 1,3] [--runs R] [--seconds S] [--terminals T] [--in-flight 1,2,4]
                                            [--rates 10000,20000] [--failover-trials N] [--load true|false] [--pg name=value ...]

          the server as a cluster on a private PostgreSQL (initdb'd for the run, deleted after): each run starts
          every cluster size in turn on a fresh database, the terminals spread over the silos' gRPC ports, and
          measures saturation and paced phases as ingest does, with PostgreSQL's CPU, transactions/s and WAL
          rate and the region and national grains' calls/s; then N fail-over trials (default 5) each of kill -9
          and SIGSTOP of the silo with the most checkpoint grains of a fresh 3-silo cluster: seconds until every
          checkpoint of the catalog takes an event again through the other silos; --load false: trials only;
          --pg: a postgresql.conf setting of the private PostgreSQL (repeatable)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["watch-fleet", var address, var watchers])
        {
            return await FleetProcess.RunChildAsync(new Uri(address), int.Parse(watchers, System.Globalization.CultureInfo.InvariantCulture));
        }
        try
        {
            return args switch
            {
                ["ingest", ..] => await IngestBenchmark.RunAsync(IngestBenchOptions.Parse(args.AsSpan(1))),
                ["watch", ..] => await WatchBenchmark.RunAsync(WatchBenchOptions.Parse(args.AsSpan(1))),
                ["activation", ..] => await ActivationBenchmark.RunAsync(ActivationBenchOptions.Parse(args.AsSpan(1))),
                ["cluster", ..] => await ClusterBenchmark.RunAsync(ClusterBenchOptions.Parse(args.AsSpan(1))),
                _ => await UsageAsync(),
            };
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}\n\n{Usage}");
            return 2;
        }
    }

    private static async Task<int> UsageAsync()
    {
        await Console.Error.WriteLineAsync(Usage);
        return 2;
    }
}

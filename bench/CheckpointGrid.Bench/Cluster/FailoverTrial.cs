using System.Diagnostics;
using System.Globalization;
using CheckpointGrid.Bench.Servers;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing.Postgres;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace CheckpointGrid.Bench.Cluster;

/// <summary>
/// One fail-over trial on a fresh 3-silo cluster (a new database): every catalog checkpoint takes one event (so its grain
/// is active somewhere), the victim is the silo with the most checkpoint grains; a probe per checkpoint sends through
/// the other two; once every probe has been acknowledged a few
/// times, the victim is killed (SIGKILL) or hung (SIGSTOP). The fail-over time is from the signal until every
/// checkpoint has acknowledged a call sent after it (the slowest checkpoint's first ack); meanwhile a survivor's status is
/// polled for when the membership lists the victim dead. Bounded: 60 s to warm up,
/// 60 s to recover, then 2 s more to see whether any checkpoint fails again.
/// </summary>
internal static class FailoverTrial
{
    public const int Silos = 3;
    private static readonly TimeSpan WarmupLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Afterwards = TimeSpan.FromSeconds(2);
    private const int WarmAcks = 5;

    internal sealed record Result(
        string Signal, double Seconds, double? DeadAfterSeconds, int VictimCheckpoints, int InterruptedCheckpoints, long FailedCalls, long FailuresAfterRecovery,
        string? Error, string SurvivorOutput);

    public static async Task<Result> RunAsync(PostgresInstance postgres, string signal)
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var cluster = await ClusterSilos.StartAsync(Silos, database);
        var channels = cluster.Silos.Select(s => ServerChannel.Open(s.Address, manyStreams: true)).ToArray();
        try
        {
            var checkpoints = (await new CatalogService.CatalogServiceClient(channels[0])
                .ListCheckpointsAsync(new ListCheckpointsRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)))).Checkpoints.Select(c => c.Id).ToList();
            var random = new Random(1);
            foreach (var checkpoint in checkpoints)
            {
                await new IngestService.IngestServiceClient(channels[0]).RecordCrossingAsync(
                    new RecordCrossingRequest { Event = Ingest.CrossingEventFactory.Create(random, checkpoint, "bench-failover-warm", 0, DateTimeOffset.UtcNow) },
                    new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)));
            }
            var (victimIndex, victimCheckpoints) = await ChooseVictimAsync(cluster, channels[0]);
            var victim = cluster.Silos[victimIndex];
            var survivors = channels.Where((_, i) => i != victimIndex).ToArray();
            var probes = checkpoints.Select((c, i) => new FailoverProbe(c, survivors[i % survivors.Length], i)).ToArray();
            using var stop = new CancellationTokenSource();
            var running = probes.Select(p => Task.Run(() => p.RunAsync(stop.Token))).ToArray();
            try
            {
                await WaitAsync(() => probes.All(p => p.Acks >= WarmAcks), WarmupLimit, "every probe acknowledged before the signal");

                var mark = Stopwatch.GetTimestamp();
                foreach (var probe in probes)
                {
                    probe.Mark(mark);
                }
                await victim.SignalAsync(signal);
                using var watchStop = new CancellationTokenSource();
                var declaredDead = WatchForDeathAsync(survivors[0], victim.Silo!, cluster, mark, watchStop.Token);
                var recovered = await WaitAsync(() => probes.All(p => p.FirstAckAfterMark != 0), RecoveryLimit, null);
                var end = recovered ? probes.Max(p => p.FirstAckAfterMark) : Stopwatch.GetTimestamp();
                var seconds = (end - mark) / (double)Stopwatch.Frequency;
                await Task.Delay(Afterwards);
                await watchStop.CancelAsync();
                var deadAfter = await declaredDead;
                var interrupted = probes.Count(p => p.FailuresAfterMark > 0);
                var failed = probes.Sum(p => p.FailuresAfterMark);
                var afterRecovery = probes.Count(p => p.LastFailure > end);
                string? error = null;
                if (!recovered)
                {
                    var stuck = probes.Where(p => p.FirstAckAfterMark == 0).Select(p => $"{p.Checkpoint} ({p.LastError})");
                    error = $"not every checkpoint acknowledged within {RecoveryLimit.TotalSeconds:0} s: {string.Join(", ", stuck)}; " +
                        $"PostgreSQL sessions then: {await PostgresSessionsAsync(database)}";
                }
                var output = seconds > 10 || error is not null
                    ? string.Join("\n--- survivor ---\n", cluster.Silos.Where(s => s != victim).Select(s => s.RecentOutput))
                    : "";
                return new Result(signal, seconds, deadAfter, victimCheckpoints, interrupted, failed, afterRecovery, error, output);
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>The database's sessions by state and wait, and how many wait for a lock another session holds: what a stuck commit waits on.</summary>
    private static async Task<string> PostgresSessionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(state, '?') || '/' || coalesce(wait_event_type || ':' || wait_event, 'running') || ' x' || count(*)
                   || ' (blocked by other sessions: ' || sum(cardinality(pg_blocking_pids(pid))) || ')'
            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY state, wait_event_type, wait_event
            """, connection);
        var parts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            parts.Add(reader.GetString(0));
        }
        return string.Join("; ", parts);
    }

    /// <summary>Seconds from <paramref name="mark"/> until a survivor's status lists <paramref name="victim"/> dead; null if it did not before the stop.</summary>
    private static async Task<double?> WatchForDeathAsync(GrpcChannel channel, string victim, ClusterSilos cluster, long mark, CancellationToken stop)
    {
        var client = new StatusService.StatusServiceClient(channel);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var status = await client.GetClusterStatusAsync(
                    new GetClusterStatusRequest { IncludeDead = true }, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: stop));
                if (status.Silos.Any(s => s.State == SiloState.Dead && ReferenceEquals(cluster.ByAddress(s.Address), cluster.ByAddress(victim))))
                {
                    return (Stopwatch.GetTimestamp() - mark) / (double)Stopwatch.Frequency;
                }
                await Task.Delay(100, stop);
            }
            catch (RpcException) when (!stop.IsCancellationRequested)
            {
                await Task.Delay(100, stop).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>The silo with the most checkpoint grains (the status RPC's active grains), and how many it has.</summary>
    private static async Task<(int Index, int Checkpoints)> ChooseVictimAsync(ClusterSilos cluster, GrpcChannel channel)
    {
        var status = await new StatusService.StatusServiceClient(channel).GetClusterStatusAsync(
            new GetClusterStatusRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)));
        var best = (Index: -1, Checkpoints: -1);
        foreach (var silo in status.Silos)
        {
            var process = cluster.ByAddress(silo.Address)
                ?? throw new InvalidOperationException($"the status lists silo {silo.Address}, which is none of the bench's ({string.Join(", ", cluster.Silos.Select(s => s.Silo))}).");
            var checkpoints = (int)(silo.Counts?.ActiveGrains.FirstOrDefault(g => g.GrainType == "CheckpointGrain")?.Activations ?? 0);
            var index = IndexOf(cluster, process);
            if (checkpoints > best.Checkpoints)
            {
                best = (index, checkpoints);
            }
        }
        if (status.Silos.Count != cluster.Silos.Count)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the status lists {status.Silos.Count} silos, not {cluster.Silos.Count}."));
        }
        return best;
    }

    private static int IndexOf(ClusterSilos cluster, object silo)
    {
        for (var i = 0; i < cluster.Silos.Count; i++)
        {
            if (ReferenceEquals(cluster.Silos[i], silo))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms up to <paramref name="limit"/>; throws with <paramref name="what"/> if given, else returns false.</summary>
    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan limit, string? what)
    {
        var start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > limit)
            {
                return what is null ? false : throw new TimeoutException($"not {what} within {limit.TotalSeconds:0} s.");
            }
            await Task.Delay(10);
        }
        return true;
    }
}

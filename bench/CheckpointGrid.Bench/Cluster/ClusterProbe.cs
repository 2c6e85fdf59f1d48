using System.Globalization;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Servers;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace CheckpointGrid.Bench.Cluster;

/// <summary>
/// What a cluster phase measures beside the silos' CPU, over its window:
/// <list type="bullet">
/// <item>PostgreSQL's CPU: the postmaster and every process it forked (backends, WAL writer, checkpointer), from /proc;</item>
/// <item>its write transactions per second: transaction ids assigned (<c>pg_current_snapshot()</c>'s xmax, read without
/// taking one), and WAL bytes per second (<c>pg_current_wal_lsn()</c>); both are live, unlike pg_stat_database, whose
/// counters a busy backend publishes only every second or so;</item>
/// <item>the roll-ups' calls: changes the region and national grains received from their children (the status RPC's
/// rollup_updates, summed over the silos), per second;</item>
/// <item>each silo's cores.</item>
/// </list>
/// </summary>
internal sealed class ClusterProbe(string connectionString, int postmasterPid, GrpcChannel status, IReadOnlyList<IngestServerProcess> silos) : IWindowProbe
{
    public const string PostgresCores = "postgres cores";
    public const string Transactions = "pg transactions/s";
    public const string WalBytes = "pg WAL MB/s";
    public const string NationalUpdates = "national updates/s";
    public const string RegionUpdates = "region updates/s";

    private (TimeSpan Cpu, long Xid, long Wal, long National, long Region, TimeSpan[] Silos) _start;

    public static string SiloCores(int index) => string.Create(CultureInfo.InvariantCulture, $"silo {index + 1} cores");

    /// <summary>The postmaster's pid, from the first line of its data directory's postmaster.pid.</summary>
    public static int ReadPostmasterPid(string dataDirectory) =>
        int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First().Trim(), CultureInfo.InvariantCulture);

    public async Task StartAsync() => _start = await ReadAsync();

    public async Task<IReadOnlyDictionary<string, double>> StopAsync(double seconds)
    {
        var end = await ReadAsync();
        var result = new Dictionary<string, double>
        {
            [PostgresCores] = (end.Cpu - _start.Cpu).TotalSeconds / seconds,
            [Transactions] = (end.Xid - _start.Xid) / seconds,
            [WalBytes] = (end.Wal - _start.Wal) / seconds / 1_000_000,
            [NationalUpdates] = (end.National - _start.National) / seconds,
            [RegionUpdates] = (end.Region - _start.Region) / seconds,
        };
        for (var i = 0; i < silos.Count; i++)
        {
            result[SiloCores(i)] = (end.Silos[i] - _start.Silos[i]).TotalSeconds / seconds;
        }
        return result;
    }

    private async Task<(TimeSpan Cpu, long Xid, long Wal, long National, long Region, TimeSpan[] Silos)> ReadAsync()
    {
        var siloCpu = new TimeSpan[silos.Count];
        for (var i = 0; i < silos.Count; i++)
        {
            siloCpu[i] = ProcFs.ReadCpuTime(silos[i].Pid) ?? TimeSpan.Zero;
        }
        var cpu = PostgresCpu();
        long xid;
        long wal;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint, (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            xid = reader.GetInt64(0);
            wal = reader.GetInt64(1);
        }
        var (national, region) = await RollupUpdatesAsync(status);
        return (cpu, xid, wal, national, region, siloCpu);
    }

    /// <summary>The changes the national and the region grains of the whole cluster have received, from the status RPC.</summary>
    public static async Task<(long National, long Region)> RollupUpdatesAsync(GrpcChannel channel)
    {
        var response = await new StatusService.StatusServiceClient(channel).GetClusterStatusAsync(
            new GetClusterStatusRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)));
        long national = 0;
        long region = 0;
        foreach (var silo in response.Silos)
        {
            if (silo.Counts is null)
            {
                throw new InvalidOperationException($"silo {silo.Address} gave no numbers: {silo.Error}");
            }
        }
        foreach (var updates in response.Totals.RollupUpdates)
        {
            switch (updates.GrainType)
            {
                case "NationalGrain":
                    national = (long)updates.Updates;
                    break;
                case "RegionGrain":
                    region = (long)updates.Updates;
                    break;
            }
        }
        return (national, region);
    }

    /// <summary>CPU time of the postmaster and its children (a child that exited in the window takes its time with it).</summary>
    private TimeSpan PostgresCpu()
    {
        var total = ProcFs.ReadCpuTime(postmasterPid) ?? TimeSpan.Zero;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == postmasterPid)
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // fields[1] is the parent's pid.
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == postmasterPid)
                {
                    total += ProcFs.ReadCpuTime(pid) ?? TimeSpan.Zero;
                }
            }
            catch (IOException)
            {
                // Gone between listing and reading.
            }
        }
        return total;
    }
}

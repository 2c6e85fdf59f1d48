using System.Text.RegularExpressions;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Bench.Servers;

namespace CheckpointGrid.Bench.Cluster;

/// <summary>
/// A cluster of real server processes on one PostgreSQL database (<c>--postgres</c>: membership and store there), each
/// on loopback, free ports and a data directory of its own, started one after the other: started together on a fresh
/// database under load, a silo was seen to die at start ("Checkpoint PA-COL-MRM is not in the catalog": a checkpoint
/// grain placed on it by another silo's warm-up, it seems, before its own catalog cache was loaded). Disposing kills what still runs. Every silo started is also in
/// the live set <see cref="KillLive"/> kills, on Ctrl+C and SIGTERM.
/// </summary>
internal sealed partial class ClusterSilos : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly Lock LiveGate = new();
    private static readonly List<IngestServerProcess> LiveSilos = [];

    private ClusterSilos(IngestServerProcess[] silos) => Silos = silos;

    public IReadOnlyList<IngestServerProcess> Silos { get; }

    /// <summary>Kills every silo still running (the bench is being stopped).</summary>
    public static void KillLive()
    {
        lock (LiveGate)
        {
            foreach (var silo in LiveSilos)
            {
                silo.Kill();
            }
        }
    }

    public static async Task<ClusterSilos> StartAsync(int count, string connectionString)
    {
        var silos = new IngestServerProcess[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                silos[i] = await IngestServerProcess.StartAsync(
                    ServerBuild.Current, IngestServerProcess.NewDataDir("cluster"), ownsDataDir: true, StartTimeout,
                    ["--postgres", connectionString, "--silo-port", "0", "--gateway-port", "0"]);
            }
        }
        catch
        {
            foreach (var silo in silos)
            {
                if (silo is not null)
                {
                    await silo.DisposeAsync();
                }
            }
            throw;
        }
        lock (LiveGate)
        {
            LiveSilos.AddRange(silos);
        }
        return new ClusterSilos(silos);
    }

    /// <summary>The silo whose Orleans address (as the status RPC gives it, ip:port@generation) is <paramref name="address"/>; null if none.</summary>
    public IngestServerProcess? ByAddress(string address)
    {
        var endpoint = Endpoint(address);
        foreach (var silo in Silos)
        {
            if (silo.Silo is { } own && Endpoint(own) == endpoint)
            {
                return silo;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            try
            {
                // A hung silo would not die of SIGKILL any less, but let it go on so that it can be reaped.
                await silo.SignalAsync("CONT");
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            await silo.DisposeAsync();
            lock (LiveGate)
            {
                LiveSilos.Remove(silo);
            }
        }
    }

    /// <summary>"ip:port" out of either of Orleans' spellings of a silo address ("S127.0.0.1:1234:5678", "127.0.0.1:1234@5678").</summary>
    private static string Endpoint(string address) => EndpointPattern().Match(address) is { Success: true } match ? match.Value : address;

    [GeneratedRegex(@"\d+\.\d+\.\d+\.\d+:\d+", RegexOptions.CultureInvariant)]
    private static partial Regex EndpointPattern();
}

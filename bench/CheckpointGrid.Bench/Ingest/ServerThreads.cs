using System.Globalization;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// CPU time per thread of a process, from /proc/&lt;pid&gt;/task/*/stat, grouped by thread name
/// (Linux keeps 15 characters: the SQLite writer shows as "CheckpointGrid ", the thread pool as
/// ".NET TP Worker"): which threads a phase kept busy, as <c>top -H</c> would show.
/// </summary>
internal sealed class ServerThreads
{
    private const double ClockTicksPerSecond = 100;

    private readonly Dictionary<int, (string Name, long Ticks)> _threads;

    private ServerThreads(Dictionary<int, (string Name, long Ticks)> threads) => _threads = threads;

    public static ServerThreads Snapshot(int pid) => Snapshot([pid]);

    /// <summary>The threads of every process in <paramref name="pids"/> together (thread ids are unique across processes).</summary>
    public static ServerThreads Snapshot(IEnumerable<int> pids)
    {
        var threads = new Dictionary<int, (string, long)>();
        foreach (var pid in pids)
        {
            Add(pid, threads);
        }
        return new ServerThreads(threads);
    }

    private static void Add(int pid, Dictionary<int, (string, long)> threads)
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    var fields = stat[(close + 2)..].Split(' ');
                    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    threads[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (stat[(open + 1)..close], ticks);
                }
                catch (IOException)
                {
                    // The thread ended between listing and reading.
                }
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Cores used per thread name between <paramref name="before"/> and this snapshot, busiest first; also the busiest single thread.</summary>
    public (List<(string Name, int Threads, double Cores)> Groups, (string Name, double Cores) Busiest) Since(ServerThreads before, double seconds)
    {
        var groups = new Dictionary<string, (int Threads, long Ticks)>();
        (string Name, long Ticks) busiest = ("-", 0);
        foreach (var (tid, (name, ticks)) in _threads)
        {
            var used = ticks - (before._threads.TryGetValue(tid, out var earlier) ? earlier.Ticks : 0);
            if (used <= 0)
            {
                continue;
            }
            var group = groups.GetValueOrDefault(name);
            groups[name] = (group.Threads + 1, group.Ticks + used);
            if (used > busiest.Ticks)
            {
                busiest = (name, used);
            }
        }
        var list = new List<(string, int, double)>(groups.Count);
        foreach (var (name, (threads, ticks)) in groups)
        {
            list.Add((name.TrimEnd(), threads, ticks / ClockTicksPerSecond / seconds));
        }
        list.Sort(static (a, b) => b.Item3.CompareTo(a.Item3));
        return (list, (busiest.Name.TrimEnd(), busiest.Ticks / ClockTicksPerSecond / seconds));
    }
}

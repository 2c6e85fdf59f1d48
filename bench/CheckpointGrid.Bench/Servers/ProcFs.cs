using System.Globalization;

namespace CheckpointGrid.Bench.Servers;

/// <summary>What Linux's /proc tells about a process: CPU time and resident memory.</summary>
internal static class ProcFs
{
    // USER_HZ, the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux ABI in use.
    private const double ClockTicksPerSecond = 100;

    /// <summary>A field of /proc/&lt;pid&gt;/status in KiB ("VmHWM" is the peak RSS), or null if unreadable.</summary>
    public static long? ReadStatusKib(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal) && line.Length > field.Length && line[field.Length] == ':')
                {
                    var value = line.AsSpan(field.Length + 1).Trim();
                    value = value.EndsWith(" kB", StringComparison.Ordinal) ? value[..^3] : value;
                    return long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    /// <summary>The machine's memory, from /proc/meminfo, in KiB.</summary>
    public static long? ReadMemTotalKib()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var value = line.AsSpan("MemTotal:".Length).Trim();
                return long.Parse(value.EndsWith(" kB", StringComparison.Ordinal) ? value[..^3] : value, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    /// <summary>Resets VmHWM to the current RSS (clear_refs "5"), so the next peak is one scenario's.</summary>
    public static bool TryResetPeakRss(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>User plus system CPU time the process has used, or null if unreadable.</summary>
    public static TimeSpan? ReadCpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which may hold spaces and ends at the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

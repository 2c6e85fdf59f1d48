using System.Diagnostics;
using System.Globalization;

namespace CheckpointGrid.Bench.Watch;

/// <summary>
/// The dashboards, as a process of their own at the lowest CPU priority (nice 19): real dashboards run on
/// other machines, so here they only get the CPU the server and the terminals leave. A dashboard that gets
/// little CPU reads late and, by design, is sent fewer, fuller updates; the report says how many were delivered.
/// </summary>
internal sealed class FleetProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FleetProcess(Process process) => _process = process;

    /// <summary>Messages the fleet read, as it reported when stopped.</summary>
    public long Delivered { get; private set; }

    public static async Task<FleetProcess> StartAsync(Uri address, int watchers)
    {
        var info = new ProcessStartInfo("nice")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // This same program: through the muxer ("dotnet CheckpointGrid.Bench.dll", as dotnet run may start it) or its
        // apphost (CheckpointGrid.Bench), which takes the arguments directly.
        var host = Environment.ProcessPath!;
        info.ArgumentList.Add("-n");
        info.ArgumentList.Add("19");
        info.ArgumentList.Add(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(FleetProcess).Assembly.Location);
        }
        foreach (var argument in new[] { "watch-fleet", address.ToString(), watchers.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the watcher fleet.");
        var fleet = new FleetProcess(process);
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (line != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"The watcher fleet did not get ready: '{line}'.");
        }
        return fleet;
    }

    /// <summary>The fleet process itself: connects, says "ready", and on a line (or end) of stdin prints "delivered N" and stops.</summary>
    public static async Task<int> RunChildAsync(Uri address, int watchers)
    {
        var started = Stopwatch.GetTimestamp();
        await using var fleet = await WatcherFleet.StartAsync(address, watchers, probes: false);
        Console.WriteLine("ready");
        var before = fleet.Messages;
        await Console.In.ReadLineAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"delivered {fleet.Messages - before} {Stopwatch.GetElapsedTime(started).TotalSeconds:F1}"));
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("stop");
            await _process.StandardInput.FlushAsync();
            var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line?.Split(' ') is ["delivered", var count, _])
            {
                Delivered = long.Parse(count, CultureInfo.InvariantCulture);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            _process.Dispose();
        }
    }
}

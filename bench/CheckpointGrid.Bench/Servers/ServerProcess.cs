using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CheckpointGrid.Bench.Servers;

/// <summary>
/// A server under load, run as its own process: started, awaited until it prints the address it
/// listens on, and killed at the end. Keeps only the last lines it printed, for diagnosis.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly List<string> _startup = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Regex _listeningLine;
    private readonly Func<string, bool> _isProblem;
    private int _unexpectedLines;

    private ServerProcess(Process process, string name, Regex listeningLine, Func<string, bool> isProblem)
    {
        _process = process;
        Name = name;
        _listeningLine = listeningLine;
        _isProblem = isProblem;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    /// <summary>What the server said about itself ("version: ..."), if it did.</summary>
    public string? Version { get; private set; }

    /// <summary>
    /// Lines printed after the listening line that the problem filter picked:
    /// a healthy server under load prints none (no errors, no per-request logs).
    /// </summary>
    public int UnexpectedLines => Volatile.Read(ref _unexpectedLines);

    public string RecentOutput
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Every line printed up to and including the listening line.</summary>
    public string StartupOutput
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _startup);
            }
        }
    }

    /// <summary>
    /// Starts the server and waits for its <paramref name="listeningLine"/> (whose group 1 is the address).
    /// After it, lines count as unexpected when <paramref name="isProblem"/> says so.
    /// </summary>
    public static async Task<(ServerProcess Server, Uri Address)> StartAsync(
        string name, ProcessStartInfo info, TimeSpan timeout, Regex listeningLine, Func<string, bool> isProblem)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, name, listeningLine, isProblem);
        process.OutputDataReceived += server.OnOutput;
        process.ErrorDataReceived += server.OnOutput;
        process.Exited += server.OnExited;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var done = await Task.WhenAny(server._listening.Task, server._exited.Task, Task.Delay(timeout));
        if (done != server._listening.Task)
        {
            var why = done == server._exited.Task ? "exited" : $"printed no /{server._listeningLine}/ line within {timeout.TotalSeconds:0} s";
            var output = server.RecentOutput;
            await server.DisposeAsync();
            throw new InvalidOperationException($"{name} server {why}. Its last output:\n{output}");
        }
        return (server, await server._listening.Task);
    }

    /// <summary>Kills the server at once; for when the bench itself is being stopped (Ctrl+C).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. "STOP", "CONT") to the server with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture) },
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>
    /// Stops the server as an operator would (SIGTERM: the host shuts down, the store writes what is queued and
    /// closes its file) and waits for it to exit; kills it if it has not within <paramref name="timeout"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Kill();
            throw new InvalidOperationException($"{Name} did not exit within {timeout.TotalSeconds:0} s of SIGTERM; killed. Its last output:\n{RecentOutput}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is not { } line)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
            if (line.StartsWith("version: ", StringComparison.Ordinal))
            {
                Version = line["version: ".Length..];
            }
            else if (!_listening.Task.IsCompleted)
            {
                _startup.Add(line);
                if (_listeningLine.Match(line) is { Success: true } match)
                {
                    _listening.TrySetResult(new Uri(match.Groups[1].Value, UriKind.Absolute));
                }
            }
            else if (_isProblem(line))
            {
                Volatile.Write(ref _unexpectedLines, _unexpectedLines + 1);
            }
        }
    }

    private void OnExited(object? sender, EventArgs e) => _exited.TrySetResult();

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} (pid {Pid}{(Version is null ? "" : ", " + Version)})");
}

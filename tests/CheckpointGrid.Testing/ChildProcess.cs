using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CheckpointGrid.Testing;

/// <summary>
/// A real child process whose output is kept and can be awaited line by line (never polled).
/// Disposing kills what is still running, with its children.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process) => _process = process;

    /// <summary>Everything the process printed so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Task<int> Exited => _exited.Task;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a line matching <paramref name="pattern"/> (already printed or yet to come).</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                var match = regex.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }
            _waiters.Add((regex, found));
        }
        var done = await Task.WhenAny(found.Task, _exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (done == found.Task)
        {
            return await found.Task.ConfigureAwait(false);
        }
        var why = done == _exited.Task ? $"exited with code {_exited.Task.Result}" : $"printed no such line within {timeout}";
        throw new TimeoutException($"Process {_process.StartInfo.FileName} {why} (waiting for /{pattern}/). Output:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var done = await Task.WhenAny(_exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (done != _exited.Task)
        {
            throw new TimeoutException($"Process {_process.StartInfo.FileName} still running after {timeout}. Output:\n{Output}");
        }
        await WaitForOutputDrainedAsync().ConfigureAwait(false);
        return _exited.Task.Result;
    }

    /// <summary>Writes a line to the process's standard input (e.g. what a driver script waits for).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Sends <paramref name="signal"/> (e.g. "STOP", "CONT") to the process alone, with kill(1): SIGSTOP hangs it as a stuck node would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process.Dispose();
    }

    private Task WaitForOutputDrainedAsync() => _process.WaitForExitAsync();

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Append(line).Append('\n');
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var match = _waiters[i].Pattern.Match(line);
                if (match.Success)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void OnExited() => _exited.TrySetResult(_process.ExitCode);
}

using System.Globalization;
using CheckpointGrid.Cli.Agent;

namespace CheckpointGrid.Cli.Runs;

/// <summary>
/// Prints one line of progress over a set of agents every interval (to stderr in the tool):
/// terminals connected, events recorded / sent / acked (accepted, duplicates) / rejected, the ack
/// rate since the last line, and the backlog.
/// </summary>
public sealed class StatusReporter : IDisposable
{
    private readonly IReadOnlyList<TerminalAgent> _agents;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _lastAcknowledged;
    private long _lastTimestamp;

    public StatusReporter(IReadOnlyList<TerminalAgent> agents, TextWriter output, TimeSpan interval, TimeProvider? time = null)
    {
        _agents = agents;
        _output = output;
        _time = time ?? TimeProvider.System;
        _lastTimestamp = _time.GetTimestamp();
        _timer = _time.CreateTimer(static state => ((StatusReporter)state!).Report(), this, interval, interval);
    }

    /// <summary>Prints a line now.</summary>
    public void Report()
    {
        lock (_gate)
        {
            _output.WriteLine(Line());
            _output.Flush();
        }
    }

    /// <summary>The current line.</summary>
    public string Line()
    {
        long recorded = 0, sent = 0, acknowledged = 0, accepted = 0, duplicates = 0, rejected = 0, backlog = 0;
        var connected = 0;
        string? lastError = null;
        DateTimeOffset? retryAt = null;
        foreach (var agent in _agents)
        {
            var status = agent.GetStatus();
            recorded += status.Recorded;
            sent += status.Sent;
            acknowledged += status.Acknowledged;
            accepted += status.Accepted;
            duplicates += status.Duplicates;
            rejected += status.Rejected;
            backlog += status.Backlog;
            connected += status.Connected ? 1 : 0;
            lastError ??= status.Connected ? null : status.LastError;
            retryAt = status.RetryAt is { } at && (retryAt is null || at < retryAt) ? at : retryAt;
        }

        var now = _time.GetTimestamp();
        var seconds = _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        var rate = seconds > 0 ? (acknowledged - _lastAcknowledged) / seconds : 0;
        _lastAcknowledged = acknowledged;
        _lastTimestamp = now;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[status] terminals {connected}/{_agents.Count} connected | recorded {recorded} sent {sent} acked {acknowledged} (accepted {accepted}, duplicates {duplicates}) rejected {rejected} | {rate:0.0} ev/s | backlog {backlog}");
        if (connected < _agents.Count && retryAt is { } next)
        {
            line += string.Create(CultureInfo.InvariantCulture, $" | reconnecting in {Math.Max(0, (next - _time.GetUtcNow()).TotalSeconds):0.#} s");
        }

        return lastError is null ? line : $"{line} | last error: {lastError}";
    }

    public void Dispose() => _timer.Dispose();
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Testing.Logging;

/// <summary>Keeps what a test server logs from <paramref name="minimum"/> up, so that a test can assert on it and fail on errors it did not expect.</summary>
public sealed class CapturedLogs(LogLevel minimum = LogLevel.Debug) : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> _entries = new();
    private readonly LogLevel _minimum = minimum;

    /// <summary>Each entry of level Error or above: "category: message exception".</summary>
    public IEnumerable<string> Errors => _entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message} {e.Exception}");

    /// <summary>Each entry of level Warning: "category: message".</summary>
    public IEnumerable<string> Warnings => _entries.Where(e => e.Level == LogLevel.Warning).Select(e => $"{e.Category}: {e.Message}");

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= logs._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}

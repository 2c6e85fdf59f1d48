using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Commands;

/// <summary>The tool's logs: one line each, on stderr (stdout stays for command output).</summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create(LogLevel minimum) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(minimum)
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.UseUtcTimestamp = true;
        }));
}

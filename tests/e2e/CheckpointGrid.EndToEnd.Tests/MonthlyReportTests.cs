using System.Diagnostics;
using CheckpointGrid.Testing;
using Xunit.Abstractions;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>
/// SNM's published 2023 months replayed through the terminal agent (the real CLI `replay`) into the real server, then
/// read back with the real CLI `report --format csv`: every month's line equals the published row column by column
/// (total, men, women, boys, girls, minors, the five named nationalities, other), nobody of unknown sex or age, and
/// the southbound report of the same months counts nobody.
/// </summary>
public sealed class MonthlyReportTests(ServerProcessFixture server, ITestOutputHelper log) : IClassFixture<ServerProcessFixture>
{
    // All twelve: a month takes 3-18 s to replay here (2 shared cores), the year about 2-4 minutes.
    private static readonly int[] Months = [.. Enumerable.Range(1, 12)];
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Report_of_each_replayed_2023_month_equals_the_published_row_column_by_column()
    {
        foreach (var month in Months)
        {
            // A fresh outbox each month, as a new laptop would be: its terminals' sequences start at 1 below what the
            // server already has of them, and every event must still be sent after those.
            var started = Stopwatch.GetTimestamp();
            await CliAsync("replay", "--year", "2023", "--month", $"{month}", "--outbox-dir", Path.Combine(server.DataDir, $"outbox-{month}"));
            log.WriteLine($"2023-{month:D2} replayed in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        }

        foreach (var month in Months)
        {
            var published = PublishedMonths.Row(2023, month);
            var report = ParseCsv(await CliAsync("report", "--year", "2023", "--month", $"{month}", "--format", "csv"));
            foreach (var (column, value) in published)
            {
                Assert.True(report.TryGetValue(column, out var reported), $"the report has no column {column}");
                Assert.True(value == reported, $"2023-{month:D2} {column}: published {value}, reported {reported}");
            }
            Assert.Equal(0, report["unknown"]);

            var southbound = ParseCsv(await CliAsync("report", "--year", "2023", "--month", $"{month}", "--direction", "southbound", "--format", "csv"));
            Assert.Equal(0, southbound["total"]);
        }
    }

    private async Task<string> CliAsync(params string[] arguments)
    {
        await using var cli = ChildProcess.Start(Path.Combine(AppContext.BaseDirectory, "checkpointgrid"),
            [.. arguments, "--server", $"http://{server.GrpcAddress}"], workingDirectory: AppContext.BaseDirectory);
        var exitCode = await cli.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"{string.Join(' ', arguments)} exited {exitCode}:\n{cli.Output}\n--- server ---\n{server.Output}");
        return cli.Output;
    }

    private static Dictionary<string, long> ParseCsv(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = Array.IndexOf(lines, lines.First(l => l.StartsWith("year,month,", StringComparison.Ordinal)));
        return lines[header].Split(',').Zip(lines[header + 1].Split(','))
            .ToDictionary(p => p.First, p => long.Parse(p.Second, System.Globalization.CultureInfo.InvariantCulture));
    }
}

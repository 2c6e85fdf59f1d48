using System.Globalization;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Commands;

/// <summary>A monthly report as a table for people: the heading, SNM's columns one a line, then every nationality, most people first.</summary>
internal static class MonthlyReportPrinter
{
    public static void Write(MonthlyReport report, TextWriter output)
    {
        var culture = CultureInfo.InvariantCulture;
        var scope = report.Scope.TargetCase switch
        {
            Scope.TargetOneofCase.CheckpointId => "checkpoint " + report.Scope.CheckpointId,
            Scope.TargetOneofCase.Region => "region " + report.Scope.Region,
            _ => "national",
        };
        var flow = report.Direction == Direction.Southbound ? "departures southbound" : "arrivals northbound";
        var state = report.Complete ? "complete" : "so far, as of " + report.AsOf.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", culture);
        output.WriteLine(string.Create(culture, $"{report.Year:D4}-{report.Month:D2}  {scope}  {flow}  ({state})"));
        Line(output, "total", report.Total);
        Line(output, "men", report.Men);
        Line(output, "women", report.Women);
        Line(output, "boys", report.Boys);
        Line(output, "girls", report.Girls);
        Line(output, "minors", report.Minors);
        Line(output, "unknown", report.Unknown);
        output.WriteLine("by nationality:");
        foreach (var (code, people) in report.ByNationality.OrderByDescending(n => n.Value).ThenBy(n => n.Key, StringComparer.Ordinal))
        {
            Line(output, "  " + code, people);
        }
    }

    private static void Line(TextWriter output, string label, ulong people) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-10}{people,12}"));
}

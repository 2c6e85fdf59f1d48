using System.Globalization;
using System.Text;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Reporting;

/// <summary>
/// Monthly reports as CSV in SNM's published columns (darien_monthly_snm.csv: year, month, total, men, women, boys,
/// girls, minors, the five nationalities SNM names and "other"), then "unknown" (sex or age not recorded), so a row
/// can be set beside the published one column by column.
/// </summary>
public static class MonthlyReportCsv
{
    /// <summary>The nationalities SNM's table names, as ISO 3166-1 alpha-3 codes, in its column order.</summary>
    public static IReadOnlyList<string> NamedNationalities { get; } = ["VEN", "ECU", "HTI", "COL", "CHN"];

    /// <summary>The header line.</summary>
    public static string Header { get; } = "year,month,total,men,women,boys,girls,minors," + string.Join(',', NamedNationalities) + ",other,unknown";

    /// <summary>One report's line (no line break).</summary>
    public static string Row(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var line = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        line.Append(culture, $"{report.Year},{report.Month},{report.Total},{report.Men},{report.Women},{report.Boys},{report.Girls},{report.Minors}");
        var named = 0UL;
        foreach (var code in NamedNationalities)
        {
            var people = report.ByNationality.GetValueOrDefault(code);
            named += people;
            line.Append(culture, $",{people}");
        }

        line.Append(culture, $",{report.Total - named},{report.Unknown}");
        return line.ToString();
    }

    /// <summary>The header and one line per report, each ended by a line feed.</summary>
    public static string Write(IEnumerable<MonthlyReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var report in reports)
        {
            csv.Append(Row(report)).Append('\n');
        }

        return csv.ToString();
    }
}

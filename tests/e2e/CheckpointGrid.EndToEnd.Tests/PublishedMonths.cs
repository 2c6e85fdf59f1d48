using System.Globalization;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Testing;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>SNM's published monthly Darién table (the CLI ships the file), and the checks a replayed month must pass.</summary>
internal static class PublishedMonths
{
    /// <summary>The month's row: total, men, women, boys, girls, minors, the five named nationalities and "other".</summary>
    public static Dictionary<string, long> Row(int year, int month)
    {
        var lines = File.ReadAllLines(RepositoryPaths.Combine("src", "CheckpointGrid.Cli", "Data", "darien_monthly_snm.csv"));
        var header = lines[0].Split(',');
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{year},{month},");
        var values = lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal)).Split(',');
        return header.Zip(values).ToDictionary(p => p.First, p => long.Parse(p.Second, CultureInfo.InvariantCulture));
    }

    /// <summary>Asserts that replayed arrivals equal the published row by total, sex, age group and nationality.</summary>
    public static void AssertEqual(Dictionary<string, long> row, MovementTally arrivals)
    {
        Assert.Equal(row["total"], (long)arrivals.People);
        Assert.Equal(row["men"] + row["boys"], (long)arrivals.BySex.Male);
        Assert.Equal(row["women"] + row["girls"], (long)arrivals.BySex.Female);
        Assert.Equal(row["minors"], (long)(arrivals.ByAgeGroup.Ages0To4 + arrivals.ByAgeGroup.Ages5To11 + arrivals.ByAgeGroup.Ages12To17));
        Assert.Equal(row["men"] + row["women"], (long)(arrivals.ByAgeGroup.Ages18To59 + arrivals.ByAgeGroup.Ages60Plus));
        var named = 0L;
        foreach (var nationality in new[] { "VEN", "ECU", "HTI", "COL", "CHN" })
        {
            Assert.Equal(row[nationality], (long)arrivals.ByNationality.GetValueOrDefault(nationality));
            named += row[nationality];
        }
        Assert.Equal(row["other"], arrivals.ByNationality.Sum(n => (long)n.Value) - named);
    }
}

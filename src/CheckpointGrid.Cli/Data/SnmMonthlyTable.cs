using System.Globalization;

namespace CheckpointGrid.Cli.Data;

/// <summary>Reads darien_monthly_snm.csv (year,month,total,men,women,boys,girls,minors,VEN,ECU,HTI,COL,CHN,other) and checks that each row adds up.</summary>
public static class SnmMonthlyTable
{
    private const string Header = "year,month,total,men,women,boys,girls,minors,VEN,ECU,HTI,COL,CHN,other";
    private const string ResourceName = "CheckpointGrid.Cli.Data.darien_monthly_snm.csv";

    private static readonly Lazy<IReadOnlyList<SnmMonth>> EmbeddedRows = new(() =>
    {
        using var reader = EmbeddedText.Open(ResourceName);
        return Read(reader);
    });

    /// <summary>The embedded copy of the table, 2021-01 to 2025-04.</summary>
    public static IReadOnlyList<SnmMonth> Embedded => EmbeddedRows.Value;

    /// <summary>Every row; throws <see cref="FormatException"/> naming the line when a row is malformed or does not add up.</summary>
    public static IReadOnlyList<SnmMonth> Read(TextReader reader)
    {
        var header = reader.ReadLine();
        if (!string.Equals(header?.Trim(), Header, StringComparison.Ordinal))
        {
            throw new FormatException($"Expected the header \"{Header}\", found \"{header}\".");
        }

        var rows = new List<SnmMonth>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            rows.Add(Parse(text, line));
        }

        return rows;
    }

    /// <summary>The row of that month; throws <see cref="ArgumentException"/> listing the months there are when it is absent.</summary>
    public static SnmMonth Find(IReadOnlyList<SnmMonth> rows, int year, int month)
    {
        foreach (var row in rows)
        {
            if (row.Year == year && row.Month == month)
            {
                return row;
            }
        }

        var range = rows.Count == 0 ? "none" : $"{rows[0].Label} to {rows[^1].Label}";
        throw new ArgumentException($"The table has no row for {year:D4}-{month:D2} (it has {range}).");
    }

    private static SnmMonth Parse(string text, int line)
    {
        var fields = text.Split(',');
        if (fields.Length != 14)
        {
            throw new FormatException($"Line {line}: expected 14 fields, found {fields.Length}.");
        }

        var v = new int[14];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!int.TryParse(fields[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out v[i]))
            {
                throw new FormatException($"Line {line}: field {i + 1} (\"{fields[i]}\") is not a non-negative whole number.");
            }
        }

        var row = new SnmMonth(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[8], v[9], v[10], v[11], v[12], v[13]);
        if (row.Month is < 1 or > 12)
        {
            throw new FormatException($"Line {line}: month {row.Month} is not 1 to 12.");
        }

        if (v[7] != row.Minors)
        {
            throw new FormatException($"Line {line}: minors {v[7]} is not boys + girls ({row.Minors}).");
        }

        if (row.Men + row.Women + row.Minors != row.Total)
        {
            throw new FormatException($"Line {line}: men + women + boys + girls is {row.Men + row.Women + row.Minors}, not the total {row.Total}.");
        }

        var nationalities = row.Venezuela + row.Ecuador + row.Haiti + row.Colombia + row.China + row.Other;
        if (nationalities != row.Total)
        {
            throw new FormatException($"Line {line}: the nationality columns sum to {nationalities}, not the total {row.Total}.");
        }

        return row;
    }
}

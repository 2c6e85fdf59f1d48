using System.Globalization;

namespace CheckpointGrid.Cli.Data;

/// <summary>darien_by_nationality_snm.csv: people per nationality per month (2010-2019 per year only).</summary>
public sealed class SnmNationalityTable
{
    private const string Header = "year,month,nat,n";
    private const string ResourceName = "CheckpointGrid.Cli.Data.darien_by_nationality_snm.csv";

    private static readonly Lazy<SnmNationalityTable> EmbeddedTable = new(() =>
    {
        using var reader = EmbeddedText.Open(ResourceName);
        return Read(reader);
    });

    private readonly Dictionary<(int Year, int Month), List<NationalityPeople>> _months;
    private readonly Dictionary<int, Dictionary<string, int>> _years;

    private SnmNationalityTable(Dictionary<(int, int), List<NationalityPeople>> months, Dictionary<int, Dictionary<string, int>> years)
    {
        _months = months;
        _years = years;
    }

    /// <summary>The embedded copy of the table.</summary>
    public static SnmNationalityTable Embedded => EmbeddedTable.Value;

    /// <summary>Reads the long form; throws <see cref="FormatException"/> naming the line when a row is malformed.</summary>
    public static SnmNationalityTable Read(TextReader reader)
    {
        var header = reader.ReadLine();
        if (!string.Equals(header?.Trim(), Header, StringComparison.Ordinal))
        {
            throw new FormatException($"Expected the header \"{Header}\", found \"{header}\".");
        }

        var months = new Dictionary<(int, int), List<NationalityPeople>>();
        var years = new Dictionary<int, Dictionary<string, int>>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length != 4
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var people)
                || fields[2].Length != 3)
            {
                throw new FormatException($"Line {line}: expected year,month,nat,n with a three-letter nat, found \"{text}\".");
            }

            var nationality = fields[2];
            if (fields[1].Length > 0)
            {
                if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
                {
                    throw new FormatException($"Line {line}: month \"{fields[1]}\" is not 1 to 12.");
                }

                if (!months.TryGetValue((year, month), out var list))
                {
                    months[(year, month)] = list = [];
                }

                list.Add(new NationalityPeople(nationality, people));
            }

            if (!years.TryGetValue(year, out var totals))
            {
                years[year] = totals = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            totals[nationality] = totals.GetValueOrDefault(nationality) + people;
        }

        return new SnmNationalityTable(months, years);
    }

    /// <summary>The month's nationalities, largest first (ties by code); empty when the table has no monthly figures for it.</summary>
    public IReadOnlyList<NationalityPeople> ForMonth(int year, int month) =>
        _months.TryGetValue((year, month), out var list) ? Sorted(list) : [];

    /// <summary>The year's nationalities (its months summed, or its yearly figures), largest first; empty when the year is absent.</summary>
    public IReadOnlyList<NationalityPeople> ForYear(int year)
    {
        if (!_years.TryGetValue(year, out var totals))
        {
            return [];
        }

        var list = new List<NationalityPeople>(totals.Count);
        foreach (var (nationality, people) in totals)
        {
            list.Add(new NationalityPeople(nationality, people));
        }

        return Sorted(list);
    }

    private static List<NationalityPeople> Sorted(List<NationalityPeople> list)
    {
        var sorted = new List<NationalityPeople>(list);
        sorted.Sort(static (a, b) => b.People != a.People ? b.People.CompareTo(a.People) : string.CompareOrdinal(a.Nationality, b.Nationality));
        return sorted;
    }
}

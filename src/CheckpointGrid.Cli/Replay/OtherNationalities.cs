using CheckpointGrid.Cli.Data;
using CheckpointGrid.Cli.Sources;

namespace CheckpointGrid.Cli.Replay;

/// <summary>
/// Turns the monthly table's "other" column into real nationality codes. The long-form table's
/// nationalities other than the five named ones, for the same month, sum to "other" exactly for
/// every month of 2021-01 to 2025-04, so they are used as they are (its own "OOO", SNM's other or
/// unknown, included). If a month's long form is missing, "other" is "OOO", the code crossing.proto
/// reserves for other or unknown; if it is there but sums differently (another file), "other" is
/// spread over its codes in proportion.
/// </summary>
public static class OtherNationalities
{
    /// <summary>The code used when nothing says which nationalities "other" holds.</summary>
    public const string Unknown = "OOO";

    /// <summary>Where the codes came from, for the report.</summary>
    public enum Basis
    {
        /// <summary>"other" is zero.</summary>
        None,

        /// <summary>The long form's remaining nationalities, exactly as published.</summary>
        LongForm,

        /// <summary>The long form's remaining nationalities, scaled to "other".</summary>
        LongFormScaled,

        /// <summary>All "OOO".</summary>
        Placeholder,
    }

    /// <summary>The people of "other" by code, largest first, summing to <c>row.Other</c> exactly.</summary>
    public static IReadOnlyList<NationalityPeople> Resolve(SnmMonth row, IReadOnlyList<NationalityPeople> longForm, out Basis basis)
    {
        if (row.Other == 0)
        {
            basis = Basis.None;
            return [];
        }

        var rest = new List<NationalityPeople>();
        var sum = 0L;
        foreach (var entry in longForm)
        {
            if (entry.People > 0 && !IsNamed(entry.Nationality))
            {
                rest.Add(entry);
                sum += entry.People;
            }
        }

        if (sum == row.Other)
        {
            basis = Basis.LongForm;
            return rest;
        }

        if (sum == 0)
        {
            basis = Basis.Placeholder;
            return [new NationalityPeople(Unknown, row.Other)];
        }

        basis = Basis.LongFormScaled;
        var weights = new double[rest.Count];
        for (var i = 0; i < rest.Count; i++)
        {
            weights[i] = rest[i].People;
        }

        var parts = Apportion.LargestRemainder(row.Other, weights);
        var scaled = new List<NationalityPeople>(rest.Count);
        for (var i = 0; i < rest.Count; i++)
        {
            if (parts[i] > 0)
            {
                scaled.Add(new NationalityPeople(rest[i].Nationality, parts[i]));
            }
        }

        return scaled;
    }

    private static bool IsNamed(string nationality)
    {
        foreach (var named in SnmMonth.NamedNationalities)
        {
            if (string.Equals(named, nationality, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

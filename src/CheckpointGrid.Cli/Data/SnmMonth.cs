namespace CheckpointGrid.Cli.Data;

/// <summary>One row of darien_monthly_snm.csv: the people SNM registered crossing the Darién in a month.</summary>
/// <remarks>Men and women are adults; boys and girls are minors (both 0 before 2023, when SNM did not split them). Both breakdowns sum to <see cref="Total"/>.</remarks>
public sealed record SnmMonth(
    int Year,
    int Month,
    int Total,
    int Men,
    int Women,
    int Boys,
    int Girls,
    int Venezuela,
    int Ecuador,
    int Haiti,
    int Colombia,
    int China,
    int Other)
{
    /// <summary>The nationalities the table names, as ISO 3166-1 alpha-3 codes, in column order.</summary>
    public static IReadOnlyList<string> NamedNationalities { get; } = ["VEN", "ECU", "HTI", "COL", "CHN"];

    /// <summary>Boys and girls.</summary>
    public int Minors => Boys + Girls;

    /// <summary>"2023-09".</summary>
    public string Label => $"{Year:D4}-{Month:D2}";

    /// <summary>The people of each named nationality, in the order of <see cref="NamedNationalities"/>.</summary>
    public int[] NamedNationalityCounts() => [Venezuela, Ecuador, Haiti, Colombia, China];
}

using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Counting;

/// <summary>
/// How a Panama calendar month's counts are kept: one <see cref="Tally"/> per (direction, sex) of the events, its
/// bucket the month's number times <see cref="PerMonth"/> plus the slice. A slice's age-group breakdown then is the
/// sex × age cross-count of its direction and its nationalities those of its direction and sex, which the separate
/// margins of one tally cannot give (SNM's boys and girls are minors by sex).
/// </summary>
public static class MonthSlices
{
    /// <summary>Slices per month: 2 directions × 3 sexes.</summary>
    public const int PerMonth = 6;

    private const int Sexes = 3;

    /// <summary>Largest year a month bucket can name.</summary>
    public const int MaxYear = 9999;

    /// <summary>The month's number: Panama calendar months since January of year 1.</summary>
    public static int MonthOf(int year, int month) =>
        year is >= 1 and <= MaxYear && month is >= 1 and <= 12
            ? ((year - 1) * 12) + (month - 1)
            : throw new ArgumentOutOfRangeException(nameof(year), $"{year}-{month} is not a month of years 1 to {MaxYear}.");

    /// <summary>The Panama calendar month (UTC−05:00, as the daily buckets) containing these UTC ticks, by number.</summary>
    public static int MonthOfTicks(long utcTicks)
    {
        var local = new DateTime(Math.Max(utcTicks + BucketTime.PanamaOffset.Ticks, 0), DateTimeKind.Unspecified);
        return ((local.Year - 1) * 12) + (local.Month - 1);
    }

    /// <summary>Start of a month (by number), in UTC: its first day's 05:00Z.</summary>
    public static DateTimeOffset StartOf(int monthNumber) =>
        new DateTimeOffset(new DateTime((monthNumber / 12) + 1, (monthNumber % 12) + 1, 1, 0, 0, 0, DateTimeKind.Unspecified), BucketTime.PanamaOffset).ToUniversalTime();

    /// <summary>The bucket of a month's slice for a direction (1–2) and sex (1–3).</summary>
    public static int Bucket(int monthNumber, Direction direction, Sex sex) => Bucket(monthNumber, (int)direction, (int)sex);

    internal static int Bucket(int monthNumber, int direction, int sex) => (monthNumber * PerMonth) + ((direction - 1) * Sexes) + (sex - 1);

    internal static int BucketOf(in CountedCrossing crossing) => Bucket(MonthOfTicks(crossing.OccurredAtTicks), crossing.Direction, crossing.Sex);

    /// <summary>Whether a number is a month bucket some event could have written (a month of years 1 to 9999).</summary>
    internal static bool IsBucket(int bucket) => bucket >= 0 && bucket < MaxYear * 12 * PerMonth;
}

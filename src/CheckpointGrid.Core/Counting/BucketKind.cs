namespace CheckpointGrid.Core.Counting;

/// <summary>Which of a scope's counts a stored row holds: its totals, one hourly or daily bucket, or a slice of a month.</summary>
public enum BucketKind
{
    /// <summary>Everything counted in the scope, whatever its age; the row's bucket is 0.</summary>
    Totals = 0,

    /// <summary>One UTC hour.</summary>
    Hour = 1,

    /// <summary>One Panama day.</summary>
    Day = 2,

    /// <summary>
    /// One Panama calendar month's people of one direction and sex (see <see cref="MonthSlices"/>): the month's tallies
    /// crossed by direction × sex × age group and by direction × nationality, kept for all time.
    /// </summary>
    Month = 3,
}

namespace CheckpointGrid.Core.Counting;

/// <summary>Which of a scope's counts a stored row holds: its totals, or one hourly or daily bucket.</summary>
public enum BucketKind
{
    /// <summary>Everything counted in the scope, whatever its age; the row's bucket is 0.</summary>
    Totals = 0,

    /// <summary>One UTC hour.</summary>
    Hour = 1,

    /// <summary>One Panama day.</summary>
    Day = 2,
}

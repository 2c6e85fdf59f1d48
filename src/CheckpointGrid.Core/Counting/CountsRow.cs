namespace CheckpointGrid.Core.Counting;

/// <summary>
/// One stored row of a scope's counts: the totals (<see cref="Bucket"/> 0), or one hourly or daily bucket
/// (<see cref="Bucket"/> is the bucket's number: hours, or Panama days, since year 1).
/// </summary>
/// <remarks>The rows a <see cref="ScopeCounter"/> hands out hold copies of its tallies: they do not change with it.</remarks>
public readonly record struct CountsRow(BucketKind Kind, int Bucket, Tally Tally);

using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Storage;

/// <summary>
/// Which stored counts rows a commit leaves stale: hour and day rows as far back from the newest one it writes as
/// a counter no longer keeps (<see cref="ScopeCounter.Restore"/> would ignore them). Stores delete them in the same
/// commit, so a checkpoint's rows, and with them its activation, stay bounded whatever its history's length.
/// </summary>
internal static class StaleRows
{
    /// <summary>Whether <paramref name="rows"/> hold a row of <paramref name="kind"/>; if so, every row of that kind with a bucket at or below <paramref name="staleThrough"/> is stale.</summary>
    public static bool TryFind(IReadOnlyList<CountsRow> rows, BucketKind kind, out long staleThrough)
    {
        staleThrough = 0;
        int? newest = null;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Kind == kind && (newest is null || rows[i].Bucket > newest))
            {
                newest = rows[i].Bucket;
            }
        }
        if (newest is null || kind == BucketKind.Totals)
        {
            return false;
        }
        staleThrough = (long)newest.Value - (kind == BucketKind.Hour ? ScopeCounter.HourlyRowsKept : ScopeCounter.DailyRowsKept);
        return true;
    }
}

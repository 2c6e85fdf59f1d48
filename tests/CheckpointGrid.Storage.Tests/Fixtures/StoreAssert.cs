using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>Assertions on what a store reported and holds.</summary>
public static class StoreAssert
{
    public static void Committed(CommitResult actual)
    {
        Assert.Equal(CommitStatus.Committed, actual.Status);
        Assert.Empty(actual.DuplicateIndexes);
    }

    public static void Conflict(CommitResult actual)
    {
        Assert.Equal(CommitStatus.VersionConflict, actual.Status);
        Assert.Empty(actual.DuplicateIndexes);
    }

    /// <summary>Asserts the batch was refused for exactly these duplicate events.</summary>
    public static void Duplicates(CommitResult actual, params int[] indexes)
    {
        Assert.Equal(CommitStatus.DuplicateEvents, actual.Status);
        Assert.Equal(indexes, actual.DuplicateIndexes);
    }

    /// <summary>Asserts the loaded state holds exactly the counts <paramref name="expected"/> has: rows, occupancy, last recorded time.</summary>
    public static void Holds(ScopeCounter expected, CheckpointState actual)
    {
        Assert.Equal(Sorted(expected.Rows()), Sorted(actual.Rows));
        Assert.Equal(expected.ShelterOccupants, actual.ShelterOccupants);
        Assert.Equal(expected.LastRecordedAt, actual.LastRecordedAt);
    }

    public static CountsRow[] Sorted(IEnumerable<CountsRow> rows) => [.. rows.OrderBy(static r => r.Kind).ThenBy(static r => r.Bucket)];
}

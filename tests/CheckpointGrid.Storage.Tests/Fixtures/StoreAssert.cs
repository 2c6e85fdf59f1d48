namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>Assertions on what a commit reported.</summary>
public static class StoreAssert
{
    /// <summary>Asserts a commit's per-event flags: true for each event stored new, false for each duplicate.</summary>
    public static void Flags(bool[] actual, params ReadOnlySpan<bool> expected) => Assert.Equal(expected, actual);
}

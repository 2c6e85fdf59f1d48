namespace CheckpointGrid.Storage;

/// <summary>
/// The outcome of one batch. <paramref name="DuplicateIndexes"/> are indexes into the batch's events, ascending, of the
/// events whose id is stored already (or is repeated within the batch: every occurrence after the first); empty unless
/// <paramref name="Status"/> is <see cref="CommitStatus.DuplicateEvents"/>.
/// </summary>
public sealed record CommitResult(CommitStatus Status, IReadOnlyList<int> DuplicateIndexes)
{
    /// <summary>The batch is durable.</summary>
    public static CommitResult Committed { get; } = new(CommitStatus.Committed, []);

    /// <summary>The batch was refused: the stored version is not the one it expected.</summary>
    public static CommitResult VersionConflict { get; } = new(CommitStatus.VersionConflict, []);

    /// <summary>The batch was refused for these duplicate events.</summary>
    public static CommitResult DuplicateEvents(IReadOnlyList<int> indexes) => new(CommitStatus.DuplicateEvents, indexes);
}

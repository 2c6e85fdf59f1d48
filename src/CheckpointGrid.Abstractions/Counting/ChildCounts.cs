using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Abstractions.Counting;

/// <summary>
/// A child scope's whole counts (a checkpoint's for its region, a region's for the nation) with the version they are
/// at: the parent replaces what it holds of that child with them.
/// </summary>
[GenerateSerializer, Immutable, Alias("cg.ChildCounts")]
public sealed record ChildCounts([property: Id(0)] long Epoch, [property: Id(1)] ulong Version, [property: Id(2)] Delta Counts);

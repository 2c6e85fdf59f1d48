using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Abstractions.Counting;

/// <summary>
/// A child's change, numbered: version <paramref name="Version"/> of child <paramref name="Child"/> within its
/// <paramref name="Epoch"/> (a checkpoint's versions are durable, epoch 0; a region numbers from its activation, whose
/// start time is its epoch). A parent applies it only when it is the next version of the epoch it knows, ignores one
/// it has, and rebuilds from the children's <see cref="ChildCounts"/> on a gap or a new epoch: roll-ups are idempotent
/// and survive lost or repeated calls.
/// </summary>
[GenerateSerializer, Immutable, Alias("cg.ChildChange")]
public sealed record ChildChange(
    [property: Id(0)] string Child,
    [property: Id(1)] long Epoch,
    [property: Id(2)] ulong Version,
    [property: Id(3)] Delta Delta);

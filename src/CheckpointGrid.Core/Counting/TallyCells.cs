using System.Runtime.CompilerServices;

namespace CheckpointGrid.Core.Counting;

/// <summary>A tally's fixed counters, stored inline in the tally: per movement, people then the direction, age group and sex breakdowns.</summary>
[InlineArray(Tally.MovementCount * Tally.RowWidth)]
internal struct TallyCells
{
    private ulong _element;
}

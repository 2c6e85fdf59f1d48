using System.Runtime.CompilerServices;

namespace CheckpointGrid.Core.Counting;

/// <summary>One number per movement (index = Movement − 1), stored inline so a nationality's row is a single dictionary value.</summary>
[InlineArray(Tally.MovementCount)]
internal struct PerMovement
{
    private ulong _element;
}

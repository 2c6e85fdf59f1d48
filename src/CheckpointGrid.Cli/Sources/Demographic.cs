using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Sources;

/// <summary>The sex and age band an event's people share.</summary>
public readonly record struct Demographic(Sex Sex, AgeGroup AgeGroup)
{
    /// <summary>Whether the band is one of the minors' (0–17).</summary>
    public bool IsMinor => AgeGroup is AgeGroup.Ages0To4 or AgeGroup.Ages5To11 or AgeGroup.Ages12To17;
}

namespace CheckpointGrid.Abstractions.Counting;

/// <summary>A region of Panama (key: its name): the sum of its checkpoints, forwarded to the nation coalesced.</summary>
[Alias("cg.IRegionGrain")]
public interface IRegionGrain : IRollupGrain;

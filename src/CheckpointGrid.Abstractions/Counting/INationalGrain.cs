namespace CheckpointGrid.Abstractions.Counting;

/// <summary>Panama (one grain, key "PA"): the sum of its regions.</summary>
[Alias("cg.INationalGrain")]
public interface INationalGrain : IRollupGrain;

using Orleans.Concurrency;
namespace CheckpointGrid.Abstractions.Counting;

/// <summary>A scope whose counts are the sum of its children's: a region (of its checkpoints) or the nation (of its regions).</summary>
[Alias("cg.IRollupGrain")]
public interface IRollupGrain : ICountingGrain, IGrainWithStringKey
{
    /// <summary>A child's numbered change (see <see cref="ChildChange"/>).</summary>
    [Alias("Apply")]
    Task ApplyAsync(ChildChange change);

    /// <summary>As <see cref="ApplyAsync"/>, one-way: the sender goes on at once (a region forwarding to the nation).</summary>
    [OneWay, Alias("Offer")]
    Task OfferAsync(ChildChange change);

    /// <summary>The children changed (a checkpoint moved between regions): rebuild the sum from the catalog's children.</summary>
    [Alias("Rebuild")]
    Task RebuildAsync();

    /// <summary>Its whole counts and version, for the nation; interleaves, as a forward to the nation may be waiting.</summary>
    [AlwaysInterleave, Alias("GetChildCounts")]
    Task<ChildCounts> GetChildCountsAsync();

    /// <summary>Sends what it holds back for its parent now (a national query reads its writes).</summary>
    [Alias("Flush")]
    Task FlushAsync();
}

using CheckpointGrid.Abstractions.Counting;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Grains.Counting;

namespace CheckpointGrid.Server.Query;

/// <summary>The grain of a scope for reads — the gRPC query service's and the dashboard's JSON — that include every acknowledged event.</summary>
public static class ScopeReads
{
    /// <summary>
    /// The grain of a scope, ready to answer with everything acknowledged before this call: regions forward to the
    /// nation coalesced, so a national read first has them forward what they hold.
    /// </summary>
    public static async Task<ICountingGrain> ReadYourWritesAsync(IGrainFactory grains, CheckpointCatalog catalog, Scope scope)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.TargetCase is not (Scope.TargetOneofCase.CheckpointId or Scope.TargetOneofCase.Region))
        {
            await Task.WhenAll(catalog.Regions.Select(region => grains.Region(region).FlushAsync()));
        }
        return grains.Counting(scope);
    }
}

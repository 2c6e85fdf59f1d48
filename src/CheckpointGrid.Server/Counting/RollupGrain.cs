using CheckpointGrid.Server.Watch;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Counting;

/// <summary>A scope whose counts are the sum of the deltas handed to it: a region, or the nation.</summary>
public abstract class RollupGrain(TimeProvider time, IOptions<WatchOptions> watch) : CountingGrain(time, watch)
{
    // Invariant: Counter is the sum of every delta applied, less those moved out.
    protected override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The sums live only in this activation until the durable store exists: never collect it.
        KeepAlive();
        return Task.CompletedTask;
    }
}

using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Server.Counting;

/// <summary>Panama's counts: the sum of every region's deltas.</summary>
public sealed class NationalGrain(TimeProvider time) : RollupGrain(time)
{
    public Task ApplyAsync(Delta delta)
    {
        Counter.Apply(delta);
        return Task.CompletedTask;
    }
}

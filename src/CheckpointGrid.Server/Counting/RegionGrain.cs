using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Server.Counting;

/// <summary>One region's counts: the sum of its checkpoints' deltas, each passed on to the nation.</summary>
public sealed class RegionGrain(TimeProvider time) : RollupGrain(time)
{
    /// <summary>Adds a checkpoint's change and passes it on to the nation before returning.</summary>
    public async Task ApplyAsync(Delta delta)
    {
        Counter.Apply(delta);
        await GrainFactory.Nation().CallAsync(static (nation, d) => nation.ApplyAsync(d), delta);
    }

    /// <summary>A checkpoint joins this region with its counts; the nation already has them.</summary>
    public Task MoveInAsync(Delta counts)
    {
        Counter.Apply(counts);
        return Task.CompletedTask;
    }

    /// <summary>A checkpoint leaves this region with its counts; the nation keeps them.</summary>
    public Task MoveOutAsync(Delta counts)
    {
        Counter.Remove(counts);
        return Task.CompletedTask;
    }
}

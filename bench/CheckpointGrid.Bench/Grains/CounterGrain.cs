using CheckpointGrid.Grains;

namespace CheckpointGrid.Bench.Grains;

/// <summary>The smallest useful grain: one turn adds to a field, as a checkpoint grain's counting turn does.</summary>
internal sealed class CounterGrain : Grain
{
    private long _count;

    public Task<long> AddAsync(long amount)
    {
        _count += amount;
        return Task.FromResult(_count);
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Grains.Tests.Fixtures;

/// <summary>What a scope must count: the totals of these events, tallied here one by one.</summary>
internal static class Expected
{
    public static Counts Totals(IEnumerable<CrossingEvent> events)
    {
        var counter = new ScopeCounter();
        var now = DateTimeOffset.UtcNow;
        foreach (var crossing in events)
        {
            counter.Apply(crossing, now);
        }
        return counter.ToScopeCounts(new Scope { National = new() }, now).Totals;
    }
}

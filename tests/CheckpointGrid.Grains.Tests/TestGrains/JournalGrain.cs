using System.Diagnostics;
using CheckpointGrid.Grains.Tests.Fixtures;

namespace CheckpointGrid.Grains.Tests.TestGrains;

public sealed class JournalGrain(GrainProbe probe) : Grain, IJournalGrain
{
    private readonly List<int> _entries = [];

    public async Task Append(int value)
    {
        // Yields so that a runtime that let the next call in early would interleave appends.
        await Task.Yield();
        _entries.Add(value);
    }

    public Task<List<int>> Entries() => Task.FromResult(new List<int>(_entries));

    public async Task<string?> CurrentActivityId()
    {
        await Task.Yield();
        return Activity.Current?.Id;
    }

    public async Task Enter(string name, Task gate)
    {
        probe.EnterTurn($"{name}:start");
        probe.Entered.Writer.TryWrite(name);
        await gate;
        await Task.Yield();
        probe.ExitTurn($"{name}:end");
    }
}

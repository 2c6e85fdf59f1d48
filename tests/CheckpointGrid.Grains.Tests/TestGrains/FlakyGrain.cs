using CheckpointGrid.Grains.Tests.Fixtures;

namespace CheckpointGrid.Grains.Tests.TestGrains;

/// <summary>Fails to activate as often as the probe says.</summary>
public sealed class FlakyGrain(GrainProbe probe) : Grain, IFlakyGrain
{
    protected override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.RecordActivation(Id);
        await Task.Yield();
        if (probe.ShouldFailActivation())
        {
            throw new InvalidOperationException("activation failed");
        }
    }

    public Task<string> Ping() => Task.FromResult("pong");
}

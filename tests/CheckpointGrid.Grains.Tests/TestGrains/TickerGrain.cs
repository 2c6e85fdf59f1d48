using CheckpointGrid.Grains.Tests.Fixtures;

namespace CheckpointGrid.Grains.Tests.TestGrains;

public sealed class TickerGrain(GrainProbe probe) : Grain, ITickerGrain
{
    private int _activationNumber;
    private IDisposable? _timer;
    private int _ticks;

    protected override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activationNumber = probe.RecordActivation(Id);
        return Task.CompletedTask;
    }

    protected override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivations.Writer.TryWrite((Id, reason));
        return Task.CompletedTask;
    }

    public Task Start(TimeSpan period)
    {
        _timer ??= RegisterTimer(static grain => grain.TickAsync(), this, period, period);
        return Task.CompletedTask;
    }

    public Task Stop()
    {
        _timer?.Dispose();
        _timer = null;
        return Task.CompletedTask;
    }

    public Task Record(string entry)
    {
        probe.EnterTurn(entry);
        probe.ExitTurn($"{entry}:end");
        return Task.CompletedTask;
    }

    public Task<int> TickCount() => Task.FromResult(_ticks);

    private async Task TickAsync()
    {
        probe.EnterTurn("tick:start");
        probe.Ticks.Writer.TryWrite(_activationNumber);
        await probe.TickGate;
        _ticks++;
        probe.ExitTurn("tick:end");
    }
}

using CheckpointGrid.Grains.Tests.Fixtures;

namespace CheckpointGrid.Grains.Tests.TestGrains;

public sealed class CounterGrain(GrainProbe probe) : Grain<CounterState>, ICounterGrain
{
    private int _activationNumber;
    private IDisposable? _keepAlive;

    protected override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activationNumber = probe.RecordActivation(Id);
        return Task.CompletedTask;
    }

    protected override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivations.Writer.TryWrite((Id, reason));
        await probe.DeactivationGate;
        await WriteStateAsync(cancellationToken);
    }

    public async Task<int> Add(int amount)
    {
        State.Value += amount;
        await WriteStateAsync();
        return State.Value;
    }

    public Task AddUnsaved(int amount)
    {
        State.Value += amount;
        return Task.CompletedTask;
    }

    public Task<int> Get() => Task.FromResult(State.Value);

    public Task<int> ActivationNumber() => Task.FromResult(_activationNumber);

    public async Task Fail()
    {
        await Task.Yield();
        throw new InvalidOperationException("failed after an await");
    }

    public Task FailAtOnce() => throw new InvalidOperationException("failed at once");

    public Task StayActive()
    {
        _keepAlive ??= KeepAlive();
        return Task.CompletedTask;
    }

    public Task LetGo()
    {
        _keepAlive?.Dispose();
        _keepAlive = null;
        return Task.CompletedTask;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task DeactivateThenWait(Task gate)
    {
        DeactivateOnIdle();
        probe.Entered.Writer.TryWrite("deactivate");
        await gate;
    }

    public async Task Hold(Task gate)
    {
        probe.Entered.Writer.TryWrite("hold");
        await gate;
    }
}

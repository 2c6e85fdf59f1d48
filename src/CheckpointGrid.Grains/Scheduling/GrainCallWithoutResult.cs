namespace CheckpointGrid.Grains.Scheduling;

/// <summary>A call without a result; otherwise as <see cref="GrainCall{TGrain, TState, TResult}"/>.</summary>
internal sealed class GrainCall<TGrain, TState> : TaskCompletionSource, IWorkItem
    where TGrain : class
{
    private static readonly ContextCallback InvokeInContext = static call => ((GrainCall<TGrain, TState>)call!).Invoke();

    private readonly Func<TGrain, TState, Task> _call;
    private readonly TState _state;
    private readonly ExecutionContext? _context = ExecutionContext.Capture();
    private Grain? _grain;
    private Task? _turn;

    public GrainCall(Func<TGrain, TState, Task> call, TState state)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _call = call;
        _state = state;
    }

    public bool IsCall => true;

    public Task Start(Grain grain)
    {
        _grain = grain;
        if (_context is null)
        {
            Invoke();
        }
        else
        {
            ExecutionContext.Run(_context, InvokeInContext, this);
        }
        _grain = null;
        return _turn!;
    }

    public void Complete(Task turn) => TrySetFromTask(turn);

    public void Fail(Exception error) => TrySetException(error);

    private void Invoke()
    {
        try
        {
            _turn = _call((TGrain)(object)_grain!, _state) ?? System.Threading.Tasks.Task.FromException(new InvalidOperationException("The grain method returned a null task."));
        }
        catch (Exception e)
        {
            _turn = System.Threading.Tasks.Task.FromException(e);
        }
    }
}

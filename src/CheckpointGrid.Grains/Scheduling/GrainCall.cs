namespace CheckpointGrid.Grains.Scheduling;

/// <summary>
/// A call with a result, and the caller's completion in one object. It runs in the caller's
/// ExecutionContext (so AsyncLocals such as Activity.Current flow into the grain), and completes the
/// caller asynchronously so the caller's continuation never runs inside the grain's loop.
/// </summary>
internal sealed class GrainCall<TGrain, TState, TResult> : TaskCompletionSource<TResult>, IWorkItem
    where TGrain : class
{
    private static readonly ContextCallback InvokeInContext = static call => ((GrainCall<TGrain, TState, TResult>)call!).Invoke();

    private readonly Func<TGrain, TState, Task<TResult>> _call;
    private readonly TState _state;
    private readonly ExecutionContext? _context = ExecutionContext.Capture();
    // Set by Start for Invoke, which ExecutionContext.Run can only hand this object.
    private Grain? _grain;
    private Task<TResult>? _turn;

    public GrainCall(Func<TGrain, TState, Task<TResult>> call, TState state)
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

    public void Complete(Task turn) => TrySetFromTask((Task<TResult>)turn);

    public void Fail(Exception error) => TrySetException(error);

    private void Invoke()
    {
        try
        {
            _turn = _call((TGrain)(object)_grain!, _state) ?? System.Threading.Tasks.Task.FromException<TResult>(new InvalidOperationException("The grain method returned a null task."));
        }
        catch (Exception e)
        {
            _turn = System.Threading.Tasks.Task.FromException<TResult>(e);
        }
    }
}

using CheckpointGrid.Grains.Catalog;
using CheckpointGrid.Grains.Scheduling;

namespace CheckpointGrid.Grains;

/// <summary>
/// A reference to a grain. Each call runs as one turn on the grain's single activation, after the
/// calls queued before it; the delegate receives the grain itself and must only call it.
/// The overloads taking a state argument allocate no closure: pass a static lambda.
/// Calls are not reentrant: a grain awaiting a call to itself, directly or round a cycle, never completes.
/// </summary>
public readonly struct GrainRef<TGrain> where TGrain : class
{
    private readonly GrainCatalog _catalog;
    private readonly GrainType _type;

    internal GrainRef(GrainCatalog catalog, GrainType type, GrainId id)
    {
        _catalog = catalog;
        _type = type;
        Id = id;
    }

    public GrainId Id { get; }

    public Task<TResult> CallAsync<TResult>(Func<TGrain, Task<TResult>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return CallAsync(static (grain, call) => call(grain), call);
    }

    public Task CallAsync(Func<TGrain, Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return CallAsync(static (grain, call) => call(grain), call);
    }

    public Task<TResult> CallAsync<TState, TResult>(Func<TGrain, TState, Task<TResult>> call, TState state)
    {
        ArgumentNullException.ThrowIfNull(call);
        var item = new GrainCall<TGrain, TState, TResult>(call, state);
        _catalog.Send(_type, Id, item);
        return item.Task;
    }

    public Task CallAsync<TState>(Func<TGrain, TState, Task> call, TState state)
    {
        ArgumentNullException.ThrowIfNull(call);
        var item = new GrainCall<TGrain, TState>(call, state);
        _catalog.Send(_type, Id, item);
        return item.Task;
    }

    public override string ToString() => Id.ToString();
}

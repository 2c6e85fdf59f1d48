using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using CheckpointGrid.Grains.Diagnostics;
using CheckpointGrid.Grains.Scheduling;
using CheckpointGrid.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Grains.Catalog;

/// <summary>
/// This process's activations by grain id. A call finds or adds its grain's activation and queues
/// itself there; at most one activation per id is in the map, and it is the only one that runs turns.
/// </summary>
internal sealed class GrainCatalog : IGrainFactory, IDisposable
{
    // Invariant: an activation leaves this map (removed, or replaced by its successor) before its Retired
    // task completes, so a caller that waited for Retired never finds the same activation again.
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly FrozenDictionary<Type, GrainType> _types;
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _stopped;

    public GrainCatalog(
        IEnumerable<GrainType> types,
        IServiceProvider services,
        IGrainStorage storage,
        TimeProvider time,
        IOptions<GrainOptions> options,
        GrainMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        _types = Index(types);
        Services = services;
        Storage = storage;
        Time = time;
        Options = options.Value;
        Metrics = metrics;
        Logger = loggerFactory.CreateLogger(GrainDiagnostics.LoggerCategory);
    }

    public IServiceProvider Services { get; }

    public IGrainStorage Storage { get; }

    public TimeProvider Time { get; }

    public GrainOptions Options { get; }

    public GrainMetrics Metrics { get; }

    public ILogger Logger { get; }

    /// <summary>Cancelled when the runtime starts to stop.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public GrainRef<TGrain> GetGrain<TGrain>(string key) where TGrain : class
    {
        ArgumentNullException.ThrowIfNull(key);
        var type = TypeOf<TGrain>();
        return new GrainRef<TGrain>(this, type, new GrainId(type.Name, key));
    }

    public GrainRef<TGrain> GetGrain<TGrain>(long key) where TGrain : class
    {
        var type = TypeOf<TGrain>();
        return new GrainRef<TGrain>(this, type, GrainId.Create(type.Name, key));
    }

    public GrainRef<TGrain> GetGrain<TGrain>(Guid key) where TGrain : class
    {
        var type = TypeOf<TGrain>();
        return new GrainRef<TGrain>(this, type, GrainId.Create(type.Name, key));
    }

    /// <summary>Queues <paramref name="item"/> on the grain's activation, creating it if there is none.</summary>
    public void Send(GrainType type, GrainId id, IWorkItem item)
    {
        while (true)
        {
            if (!_activations.TryGetValue(id, out var activation))
            {
                if (_stopped)
                {
                    item.Fail(StoppedError());
                    return;
                }
                // Racing first calls may each build an activation; only the one in the map is ever started.
                activation = _activations.GetOrAdd(id, static (id, arg) => new GrainActivation(arg.Catalog, arg.Type, id), (Catalog: this, Type: type));
            }
            if (activation.TryEnqueue(item))
            {
                return;
            }
            // It is retiring: once it has left the map (and written its state), the call goes to a new activation.
            if (!activation.Retired.IsCompleted)
            {
                _ = SendWhenRetiredAsync(activation.Retired, type, id, item);
                return;
            }
        }
    }

    /// <summary>Takes a retiring activation out of the map; the calls still in its mailbox go to a successor, or fail.</summary>
    public void Retire(GrainActivation activation, List<IWorkItem>? waiting, Exception? failure)
    {
        if (waiting is not null && failure is null && !_stopped)
        {
            // The successor holds these calls before it is visible, so they stay ahead of the calls that
            // found the old mailbox closed and wait for Retired.
            var successor = new GrainActivation(this, activation.Type, activation.Id, waiting);
            var replaced = _activations.TryUpdate(activation.Id, successor, activation);
            Debug.Assert(replaced, "Only an activation removes itself from the catalog.");
            successor.StartLoop();
            return;
        }
        _activations.TryRemove(KeyValuePair.Create(activation.Id, activation));
        if (waiting is not null)
        {
            var error = failure ?? StoppedError();
            foreach (var item in waiting)
            {
                item.Fail(error);
            }
        }
    }

    /// <summary>Asks every activation that looks idle to deactivate; returns how many were asked.</summary>
    public int RequestIdleDeactivations()
    {
        var now = Time.GetTimestamp();
        var asked = 0;
        foreach (var pair in _activations)
        {
            if (pair.Value.RequestDeactivationIfIdle(now, Options.IdleAge))
            {
                asked++;
            }
        }
        return asked;
    }

    /// <summary>Refuses new activations and deactivates every activation, waiting for each to retire.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        var retiring = new List<Task>();
        // Repeats for activations that a call racing with _stopped managed to add.
        while (true)
        {
            retiring.Clear();
            foreach (var pair in _activations)
            {
                pair.Value.RequestDeactivation(DeactivationReason.RuntimeStopping);
                retiring.Add(pair.Value.Retired);
            }
            if (retiring.Count == 0)
            {
                return;
            }
            GrainLog.Stopping(Logger, retiring.Count);
            await Task.WhenAll(retiring).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task SendWhenRetiredAsync(Task retired, GrainType type, GrainId id, IWorkItem item)
    {
        await retired.ConfigureAwait(false);
        Send(type, id, item);
    }

    private GrainType TypeOf<TGrain>() =>
        _types.TryGetValue(typeof(TGrain), out var type)
            ? type
            : throw new ArgumentException($"No grain is registered as {typeof(TGrain)}; register it in AddGrains.", nameof(TGrain));

    private static InvalidOperationException StoppedError() => new("The grain runtime has stopped.");

    private static FrozenDictionary<Type, GrainType> Index(IEnumerable<GrainType> types)
    {
        var byType = new Dictionary<Type, GrainType>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (!names.Add(type.Name))
            {
                throw new InvalidOperationException($"Two grain types are named '{type.Name}'.");
            }
            if (!byType.TryAdd(type.InterfaceType, type)
                || (type.ImplementationType != type.InterfaceType && !byType.TryAdd(type.ImplementationType, type)))
            {
                throw new InvalidOperationException($"Grain type '{type.Name}' ({type.ImplementationType}) is registered more than once.");
            }
        }
        return byType.ToFrozenDictionary();
    }
}

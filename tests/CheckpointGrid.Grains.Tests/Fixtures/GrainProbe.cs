using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CheckpointGrid.Grains.Tests.Fixtures;

/// <summary>What the test grains report, for tests to await or inspect; one per test host.</summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<GrainId, int> _activations = new();
    private int _failActivations;
    private int _inTurn;
    private int _maxInTurn;

    /// <summary>Each deactivation as OnDeactivateAsync starts.</summary>
    public Channel<(GrainId Id, DeactivationReason Reason)> Deactivations { get; } = Channel.CreateUnbounded<(GrainId, DeactivationReason)>();

    /// <summary>Names of gated turns that have started and now wait on their gate.</summary>
    public Channel<string> Entered { get; } = Channel.CreateUnbounded<string>();

    /// <summary>The activation number of each timer tick, as it starts.</summary>
    public Channel<int> Ticks { get; } = Channel.CreateUnbounded<int>();

    /// <summary>Starts and ends of the turns that journal themselves, in the order they happened.</summary>
    public ConcurrentQueue<string> Journal { get; } = new();

    /// <summary>What OnDeactivateAsync waits for before it writes state.</summary>
    public Task DeactivationGate { get; set; } = Task.CompletedTask;

    /// <summary>What a timer tick waits for before it ends.</summary>
    public Task TickGate { get; set; } = Task.CompletedTask;

    /// <summary>The most turns of journaling grains seen running at once.</summary>
    public int MaxConcurrentTurns => Volatile.Read(ref _maxInTurn);

    /// <summary>Counts an activation of <paramref name="id"/>; returns its number, from 1.</summary>
    public int RecordActivation(GrainId id) => _activations.AddOrUpdate(id, 1, static (_, count) => count + 1);

    public int ActivationsOf(GrainId id) => _activations.TryGetValue(id, out var count) ? count : 0;

    public void FailNextActivations(int count) => Volatile.Write(ref _failActivations, count);

    public bool ShouldFailActivation() => Interlocked.Decrement(ref _failActivations) >= 0;

    public void EnterTurn(string entry)
    {
        var running = Interlocked.Increment(ref _inTurn);
        int max;
        while (running > (max = Volatile.Read(ref _maxInTurn)) && Interlocked.CompareExchange(ref _maxInTurn, running, max) != max)
        {
        }
        Journal.Enqueue(entry);
    }

    public void ExitTurn(string entry)
    {
        Journal.Enqueue(entry);
        Interlocked.Decrement(ref _inTurn);
    }
}

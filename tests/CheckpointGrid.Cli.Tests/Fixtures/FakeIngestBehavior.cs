using System.Collections.Concurrent;

namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>How the fake server misbehaves, set by the test; shared across restarts.</summary>
internal sealed class FakeIngestBehavior
{
    private readonly ConcurrentDictionary<int, IngestFault> _faults = new();
    private int _refusals;
    private int _openAttempts;

    /// <summary>The server's max_batch_events.</summary>
    public uint MaxBatchEvents { get; set; } = 100;

    /// <summary>Misbehaves at the <paramref name="batch"/>-th batch the server gets (counted over all streams, from 1).</summary>
    public FakeIngestBehavior At(int batch, IngestFault fault)
    {
        _faults[batch] = fault;
        return this;
    }

    /// <summary>Ends the next <paramref name="count"/> streams with UNAVAILABLE at open.</summary>
    public FakeIngestBehavior RefuseOpens(int count)
    {
        Interlocked.Add(ref _refusals, count);
        return this;
    }

    /// <summary>Streams that asked to open, refused or not.</summary>
    public int OpenAttempts => Volatile.Read(ref _openAttempts);

    public void OnOpenAttempt() => Interlocked.Increment(ref _openAttempts);

    public IngestFault? FaultAt(int batch) => _faults.TryRemove(batch, out var fault) ? fault : null;

    public bool TakeRefusal()
    {
        while (true)
        {
            var left = Volatile.Read(ref _refusals);
            if (left == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _refusals, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Validation;

namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>
/// The fake server's "durable store", kept outside the server so it survives restarts: each
/// terminal's durable sequence, the event_ids recorded per checkpoint, every event counted, and a
/// log of the streams opened. Thread-safe; tests await conditions on it.
/// </summary>
internal sealed class FakeIngestLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Checkpoint, string Terminal), ulong> _durable = [];
    private readonly Dictionary<string, Dictionary<string, ulong>> _eventIds = [];
    private readonly List<CrossingEvent> _counted = [];
    private readonly List<OpenedStream> _streams = [];
    private readonly List<EventRejection> _rejections = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _duplicates;
    private int _batches;

    /// <summary>A stream the server answered: the next_sequence it said, and the first sequence of the first batch it then got.</summary>
    public sealed record OpenedStream(string Checkpoint, string Terminal, ulong NextSequence)
    {
        public ulong? FirstSequenceSent { get; set; }
    }

    public IReadOnlyList<CrossingEvent> Counted
    {
        get
        {
            lock (_gate)
            {
                return [.. _counted];
            }
        }
    }

    public IReadOnlyList<OpenedStream> Streams
    {
        get
        {
            lock (_gate)
            {
                return [.. _streams];
            }
        }
    }

    public IReadOnlyList<EventRejection> Rejections
    {
        get
        {
            lock (_gate)
            {
                return [.. _rejections];
            }
        }
    }

    public long Duplicates
    {
        get
        {
            lock (_gate)
            {
                return _duplicates;
            }
        }
    }

    public ulong Durable(string checkpoint, string terminal)
    {
        lock (_gate)
        {
            return _durable.GetValueOrDefault((checkpoint, terminal));
        }
    }

    /// <summary>As if the server already had this terminal's events through <paramref name="sequence"/> (from another device or a lost outbox).</summary>
    public void SetDurable(string checkpoint, string terminal, ulong sequence)
    {
        lock (_gate)
        {
            _durable[(checkpoint, terminal)] = sequence;
        }

        Changed();
    }

    /// <summary>As if the server lost every event of the terminal after <paramref name="sequence"/> (restored from a backup).</summary>
    public void RollBack(string checkpoint, string terminal, ulong sequence)
    {
        lock (_gate)
        {
            _durable[(checkpoint, terminal)] = Math.Min(sequence, _durable.GetValueOrDefault((checkpoint, terminal)));
            var ids = _eventIds.GetValueOrDefault(checkpoint);
            _counted.RemoveAll(e =>
            {
                var lost = e.TerminalId == terminal && e.Sequence > sequence;
                if (lost)
                {
                    ids?.Remove(e.EventId);
                }

                return lost;
            });
        }

        Changed();
    }

    public ulong OnOpen(string checkpoint, string terminal)
    {
        ulong next;
        lock (_gate)
        {
            next = _durable.GetValueOrDefault((checkpoint, terminal)) + 1;
            _streams.Add(new OpenedStream(checkpoint, terminal, next));
        }

        Changed();
        return next;
    }

    /// <summary>Numbers batches across all streams, from 1.</summary>
    public int NextBatchNumber() => Interlocked.Increment(ref _batches);

    /// <summary>Validates, deduplicates and counts a gap-free batch; returns its ack.</summary>
    public IngestAck Commit(OpenedStream stream, IReadOnlyList<CrossingEvent> events, DateTimeOffset now)
    {
        var checkpoint = CheckpointId.Parse(stream.Checkpoint);
        var terminal = TerminalId.Parse(stream.Terminal);
        var ack = new IngestAck();
        lock (_gate)
        {
            stream.FirstSequenceSent ??= events.Count > 0 ? events[0].Sequence : null;
            var key = (stream.Checkpoint, stream.Terminal);
            var durable = _durable.GetValueOrDefault(key);
            if (!_eventIds.TryGetValue(stream.Checkpoint, out var ids))
            {
                _eventIds[stream.Checkpoint] = ids = new Dictionary<string, ulong>(StringComparer.Ordinal);
            }

            foreach (var crossing in events)
            {
                if (CrossingEventValidator.ValidateStreamed(crossing, checkpoint, terminal, now) is { } error)
                {
                    if (crossing.Sequence > durable)
                    {
                        var rejection = new EventRejection { Sequence = crossing.Sequence, EventId = crossing.EventId, Field = error.Field, Reason = error.Reason };
                        ack.Rejections.Add(rejection);
                        _rejections.Add(rejection);
                    }
                }
                else if (crossing.Sequence <= durable || ids.ContainsKey(crossing.EventId))
                {
                    ack.DuplicateEvents++;
                    _duplicates++;
                }
                else
                {
                    var counted = crossing.Clone();
                    counted.CheckpointId = stream.Checkpoint;
                    counted.TerminalId = stream.Terminal;
                    ids[crossing.EventId] = crossing.Sequence;
                    _counted.Add(counted);
                    ack.AcceptedEvents++;
                }

                durable = Math.Max(durable, crossing.Sequence);
            }

            _durable[key] = durable;
            ack.DurableThroughSequence = durable;
        }

        Changed();
        return ack;
    }

    /// <summary>Completes once <paramref name="condition"/> holds; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<FakeIngestLedger, bool> condition, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            await changed.WaitAsync(cancel.Token);
        }
    }

    private void Changed()
    {
        TaskCompletionSource old;
        lock (_gate)
        {
            old = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        old.TrySetResult();
    }
}

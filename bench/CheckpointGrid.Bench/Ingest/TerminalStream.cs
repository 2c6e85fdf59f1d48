using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CheckpointGrid.Bench.Measurement;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Ingest;

/// <summary>
/// One terminal's Ingest stream for one phase. A sender writes the pre-built batches, keeping at
/// most a fixed number unacknowledged (closed loop), or on a schedule at a fixed event rate (open
/// loop, the cap only a safety bound); a reader takes the acks, checks each against the batches it
/// covers, and times every batch from its send to its ack. At the stop the sender half-closes and
/// the reader reads the acks still due, so a phase ends with everything it sent acknowledged.
/// </summary>
internal sealed class TerminalStream : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly SimulatedTerminal _terminal;
    private readonly TerminalBatches _batches;
    private readonly LoadControl _control;
    private readonly Pacer? _pacer;
    private readonly double? _ticksPerEvent;
    private readonly double _firstDue;
    private readonly long[] _sentAt;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _failed;
    private Exception? _firstFailure;
    private int _sent;
    private int _acked;

    /// <summary>
    /// A stream for <paramref name="terminal"/>; <paramref name="pacing"/>, for the open loop, is what wakes
    /// the sender, this terminal's events per second and when its first batch is due (a Stopwatch timestamp),
    /// null for the closed loop.
    /// </summary>
    public TerminalStream(
        GrpcChannel channel, SimulatedTerminal terminal, TerminalBatches batches, LoadControl control, int inFlight,
        (Pacer Pacer, double EventsPerSecond, long FirstDue)? pacing)
    {
        _channel = channel;
        _terminal = terminal;
        _batches = batches;
        _control = control;
        _sentAt = new long[batches.Count];
        _slots = new SemaphoreSlim(inFlight, inFlight);
        _failed = CancellationTokenSource.CreateLinkedTokenSource(control.Abort);
        if (pacing is { } p)
        {
            _pacer = p.Pacer;
            _ticksPerEvent = Stopwatch.Frequency / p.EventsPerSecond;
            _firstDue = p.FirstDue;
        }
    }

    /// <summary>Each batch's time from its send (its due time, when paced and late) to the ack covering it; only acks in the window.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Paced only: how late each send was against its schedule, in the window (the client keeping up, or not).</summary>
    public LatencyHistogram ScheduleLag { get; } = new();

    /// <summary>Events covered by acks that arrived in the window.</summary>
    public long WindowEvents { get; private set; }

    public long AckedEvents { get; private set; }

    public long AckedPeople { get; private set; }

    public long Acks { get; private set; }

    /// <summary>
    /// The terminal sent every pre-built batch before the phase ended (the server was faster than the
    /// batches were sized for); it then half-closed like at the stop, and the phase measures less than
    /// the server can do.
    /// </summary>
    public bool RanOut { get; private set; }

    /// <summary>The sequence after the last acknowledged one.</summary>
    public ulong NextSequence => _acked == 0 ? _batches.FirstSequence : _batches.LastSequences[_acked - 1] + 1;

    public async Task RunAsync()
    {
        using var call = new IngestService.IngestServiceClient(_channel).Ingest(cancellationToken: _failed.Token);
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { TerminalId = _terminal.TerminalId, CheckpointId = _terminal.CheckpointId } });
        if (!await call.ResponseStream.MoveNext() || call.ResponseStream.Current.Opened is not { } opened)
        {
            throw new InvalidOperationException($"{_terminal.TerminalId}: the server did not answer open with opened.");
        }
        if (opened.NextSequence != _batches.FirstSequence || opened.MaxBatchEvents < TerminalBatches.MaxBatchEvents)
        {
            throw new InvalidOperationException(
                $"{_terminal.TerminalId}: opened says next sequence {opened.NextSequence}, max batch {opened.MaxBatchEvents}; expected {_batches.FirstSequence} and at least {TerminalBatches.MaxBatchEvents}.");
        }
        var reading = FailFast(ReadAcksAsync(call.ResponseStream));
        var sending = FailFast(SendAsync(call.RequestStream));
        try
        {
            await Task.WhenAll(reading, sending);
        }
        catch when (_firstFailure is not null)
        {
            // The other task fails too once the call is cancelled; the first failure is the cause.
            ExceptionDispatchInfo.Throw(_firstFailure);
        }
    }

    public void Dispose()
    {
        _slots.Dispose();
        _failed.Dispose();
    }

    private async Task SendAsync(IClientStreamWriter<IngestRequest> requests)
    {
        var token = _failed.Token;
        var due = _firstDue;
        for (var i = 0; i < _batches.Count; i++)
        {
            await _slots.WaitAsync(token);
            var now = Stopwatch.GetTimestamp();
            if (_pacer is not null && due > now)
            {
                await _pacer.WaitUntilAsync((long)due);
                now = Stopwatch.GetTimestamp();
            }
            if (_control.Stopping)
            {
                await requests.CompleteAsync();
                return;
            }
            if (_ticksPerEvent is { } perEvent)
            {
                // Open loop: a late send is timed from when it was due, so the client's lateness is not hidden.
                var dueTicks = (long)due;
                if (_control.Recording)
                {
                    ScheduleLag.Record(Math.Max(0, now - dueTicks));
                }
                _sentAt[i] = Math.Min(now, dueTicks);
                due += _batches.EventCounts[i] * perEvent;
            }
            else
            {
                _sentAt[i] = now;
            }
            Volatile.Write(ref _sent, i + 1);
            await requests.WriteAsync(_batches.Requests[i], token);
        }
        RanOut = true;
        await requests.CompleteAsync();
    }

    private async Task ReadAcksAsync(IAsyncStreamReader<IngestResponse> responses)
    {
        while (await responses.MoveNext())
        {
            var now = Stopwatch.GetTimestamp();
            if (responses.Current.Ack is not { } ack)
            {
                throw new InvalidOperationException($"{_terminal.TerminalId}: a response other than ack after opened.");
            }
            if (ack.Rejections.Count > 0)
            {
                var r = ack.Rejections[0];
                throw new InvalidOperationException($"{_terminal.TerminalId}: event {r.Sequence} rejected: {r.Field} {r.Reason}.");
            }
            var sent = Volatile.Read(ref _sent);
            var recording = _control.Recording;
            long events = 0;
            long people = 0;
            var covered = 0;
            while (_acked < sent && _batches.LastSequences[_acked] <= ack.DurableThroughSequence)
            {
                events += _batches.EventCounts[_acked];
                people += _batches.People[_acked];
                if (recording)
                {
                    Latency.Record(now - _sentAt[_acked]);
                }
                _acked++;
                covered++;
            }
            if (covered == 0 || ack.DurableThroughSequence != _batches.LastSequences[_acked - 1] || ack.AcceptedEvents != events || ack.DuplicateEvents != 0)
            {
                throw new InvalidOperationException(
                    $"{_terminal.TerminalId}: ack through {ack.DurableThroughSequence} ({ack.AcceptedEvents} accepted, {ack.DuplicateEvents} duplicates) " +
                    $"does not match whole sent batches (covered {covered}, {events} events).");
            }
            _slots.Release(covered);
            if (recording)
            {
                WindowEvents += events;
            }
            AckedEvents += events;
            AckedPeople += people;
            Acks++;
        }
        if (_acked != Volatile.Read(ref _sent))
        {
            throw new InvalidOperationException($"{_terminal.TerminalId}: the stream ended OK with {Volatile.Read(ref _sent) - _acked} batches unacknowledged.");
        }
    }

    private async Task FailFast(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _firstFailure, ex, null);
            await _failed.CancelAsync();
            throw;
        }
    }
}

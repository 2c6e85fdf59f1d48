using System.Runtime.ExceptionServices;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;

namespace CheckpointGrid.Cli.Agent;

/// <summary>
/// One Ingest stream of a <see cref="TerminalAgent"/>: open, follow the server's next_sequence,
/// then a writer sends batches from the outbox (a bounded number in flight) while a reader applies
/// acks to it. Any failure ends the whole stream; the agent opens a new one.
/// </summary>
internal sealed class IngestStream : IDisposable
{
    private readonly TerminalAgent _agent;
    private readonly CancellationToken _abort;
    private readonly CancellationTokenSource _ended;
    private readonly Lock _inFlightGate = new();
    private readonly Queue<ulong> _inFlight = new(); // last sequence of each batch sent and not yet acked
    private readonly SemaphoreSlim _window;
    private readonly ITimer _watchdog;
    private volatile string _armedReason = "";
    private volatile string? _firedReason;
    private volatile bool _halfClosed;

    public IngestStream(TerminalAgent agent, CancellationToken abort)
    {
        _agent = agent;
        _abort = abort;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(abort);
        _window = new SemaphoreSlim(agent.Options.MaxBatchesInFlight, agent.Options.MaxBatchesInFlight);
        _watchdog = agent.Time.CreateTimer(static state => ((IngestStream)state!).OnWatchdog(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether an ack moved the outbox's watermark on this stream.</summary>
    public bool MadeProgress { get; private set; }

    /// <summary>Runs the stream until it fails (throws) or, after a stop request, the server ends it OK (returns).</summary>
    public async Task RunAsync()
    {
        try
        {
            await RunCoreAsync().ConfigureAwait(false);
        }
        catch (Exception) when (_firedReason is { } reason && !_abort.IsCancellationRequested)
        {
            throw new TimeoutException(reason);
        }
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        _ended.Dispose();
        _window.Dispose();
    }

    private async Task RunCoreAsync()
    {
        using var call = _agent.Client.Ingest(new CallOptions(cancellationToken: _ended.Token));
        var opened = await OpenAsync(call).ConfigureAwait(false);
        var maxBatch = opened.MaxBatchEvents == 0
            ? _agent.Options.MaxBatchEvents
            : (int)Math.Min((uint)_agent.Options.MaxBatchEvents, opened.MaxBatchEvents);

        var reader = ReadAcksAsync(call);
        Exception? writeFailure = null;
        try
        {
            await WriteBatchesAsync(call, opened.NextSequence, maxBatch).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            writeFailure = error;
            if (error is not RpcException)
            {
                // Not a status of the call (which the reader sees too): end the call so the reader stops.
                await _ended.CancelAsync().ConfigureAwait(false);
            }
        }

        Exception? readFailure = null;
        try
        {
            await reader.ConfigureAwait(false);
        }
        catch (Exception error)
        {
            readFailure = error;
        }

        if (Cause(readFailure, writeFailure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// The failure that says why the stream ended: a status from the server first (the reader's,
    /// then the writer's), then the writer's own error; a cancellation one side caused the other
    /// last.
    /// </summary>
    private static Exception? Cause(Exception? readFailure, Exception? writeFailure) =>
        readFailure is RpcException { StatusCode: not StatusCode.Cancelled } ? readFailure
        : writeFailure is RpcException { StatusCode: not StatusCode.Cancelled } ? writeFailure
        : writeFailure is not null and not OperationCanceledException and not RpcException ? writeFailure
        : readFailure ?? writeFailure;

    private async Task<IngestOpened> OpenAsync(AsyncDuplexStreamingCall<IngestRequest, IngestResponse> call)
    {
        Arm(_agent.Options.OpenTimeout, $"no answer to open within {_agent.Options.OpenTimeout.TotalSeconds:0.#} s");
        var open = new IngestOpen { CheckpointId = _agent.Checkpoint.Value, TerminalId = _agent.Terminal.Value };
        await SendAsync(call, new IngestRequest { Open = open }, _ended.Token).ConfigureAwait(false);
        if (!await call.ResponseStream.MoveNext(_ended.Token).ConfigureAwait(false))
        {
            throw new IngestProtocolException("The server ended the stream without answering open.");
        }

        Disarm();
        var response = call.ResponseStream.Current;
        if (response.PayloadCase != IngestResponse.PayloadOneofCase.Opened)
        {
            throw new IngestProtocolException($"The server answered open with {response.PayloadCase}, not opened.");
        }

        var opened = response.Opened;
        if (opened.NextSequence == 0)
        {
            throw new IngestProtocolException("The server answered open with next_sequence 0; sequences start at 1.");
        }

        var resync = _agent.Outbox.Resync(opened.NextSequence);
        _agent.OnOpened(resync, opened);
        return opened;
    }

    private async Task WriteBatchesAsync(AsyncDuplexStreamingCall<IngestRequest, IngestResponse> call, ulong from, int maxBatch)
    {
        var token = _ended.Token;
        var next = from;
        while (true)
        {
            await _window.WaitAsync(token).ConfigureAwait(false);
            IReadOnlyList<CrossingEvent> events;
            while (true)
            {
                var wake = _agent.Recorded.Next;
                if (_agent.StopRequested)
                {
                    _window.Release();
                    _halfClosed = true;
                    await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                    return;
                }

                events = _agent.Outbox.Read(next, maxBatch, _agent.Options.MaxBatchBytes);
                if (events.Count > 0)
                {
                    break;
                }

                await wake.WaitAsync(token).ConfigureAwait(false);
            }

            var batch = new EventBatch();
            batch.Events.AddRange(events);
            var last = events[^1].Sequence;
            lock (_inFlightGate)
            {
                if (_inFlight.Count == 0)
                {
                    ArmAckTimeout();
                }

                _inFlight.Enqueue(last);
            }

            await SendAsync(call, new IngestRequest { Batch = batch }, token).ConfigureAwait(false);
            _agent.Counters.AddSent(events.Count);
            next = last + 1;
        }
    }

    /// <summary>
    /// Writes one request. grpc-dotnet throws the call's status when the call has ended, but lets the
    /// transport's own error through when the server ends or resets the stream during the write; that
    /// is a failure of the call too (the reader sees the call end, with the server's status if it sent
    /// one), so it becomes UNAVAILABLE and the call is left for the reader to finish.
    /// </summary>
    private static async Task SendAsync(AsyncDuplexStreamingCall<IngestRequest, IngestResponse> call, IngestRequest request, CancellationToken token)
    {
        try
        {
            await call.RequestStream.WriteAsync(request, token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not RpcException and not OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Error writing to the server: {error.Message}", error));
        }
    }

    private async Task ReadAcksAsync(AsyncDuplexStreamingCall<IngestRequest, IngestResponse> call)
    {
        try
        {
            var responses = call.ResponseStream;
            while (await responses.MoveNext(_ended.Token).ConfigureAwait(false))
            {
                var response = responses.Current;
                if (response.PayloadCase != IngestResponse.PayloadOneofCase.Ack)
                {
                    throw new IngestProtocolException($"The server sent {response.PayloadCase} after opened; only acks may follow.");
                }

                OnAck(response.Ack);
            }

            if (!_halfClosed)
            {
                throw new IngestProtocolException("The server ended the stream (OK) before the agent half-closed it.");
            }
        }
        catch
        {
            await _ended.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OnAck(IngestAck ack)
    {
        var newly = _agent.Outbox.Acknowledge(ack.DurableThroughSequence, ack.Rejections);
        _agent.Counters.AddAck(newly, ack.AcceptedEvents, ack.DuplicateEvents, ack.Rejections.Count);
        if (ack.Rejections.Count > 0)
        {
            var first = ack.Rejections[0];
            AgentLog.Rejected(_agent.Logger, _agent.Terminal, _agent.Checkpoint, ack.Rejections.Count, first.Sequence, first.EventId, first.Field, first.Reason);
        }

        lock (_inFlightGate)
        {
            while (_inFlight.TryPeek(out var last) && last <= ack.DurableThroughSequence)
            {
                _inFlight.Dequeue();
                _window.Release();
            }

            if (_inFlight.Count == 0)
            {
                Disarm();
            }
            else
            {
                ArmAckTimeout();
            }
        }

        if (newly > 0)
        {
            MadeProgress = true;
        }

        _agent.Progress.Notify();
    }

    private void ArmAckTimeout() =>
        Arm(_agent.Options.AckTimeout, $"no ack within {_agent.Options.AckTimeout.TotalSeconds:0.#} s with batches in flight");

    private void Arm(TimeSpan after, string reason)
    {
        _armedReason = reason;
        _watchdog.Change(after, Timeout.InfiniteTimeSpan);
    }

    private void Disarm() => _watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void OnWatchdog()
    {
        _firedReason = _armedReason;
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended as the timer fired.
        }
    }
}

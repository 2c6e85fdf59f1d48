using CheckpointGrid.Cli.Channels;
using CheckpointGrid.Cli.Outbox;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CheckpointGrid.Cli.Agent;

/// <summary>
/// A checkpoint terminal's agent: <see cref="Record(IReadOnlyList{CrossingEvent})"/> writes events to
/// the <see cref="EventOutbox"/> (so they survive the server being away, and the agent crashing);
/// a sender keeps an Ingest stream open, resumes from the server's next_sequence after any error
/// (exponential backoff with jitter), sends the backlog in bounded batches and marks what the
/// server acknowledges. Given several servers (one cluster), it starts on one and moves to the next when the one
/// it uses fails. The agent owns neither the channels nor the outbox.
/// </summary>
public sealed class TerminalAgent : IAsyncDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ReconnectBackoff _backoff;
    private readonly ServerPool _servers;
    private Task? _running;
    private int _server;
    private IngestService.IngestServiceClient? _client;

    public TerminalAgent(GrpcChannel channel, EventOutbox outbox, TerminalAgentOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
        : this(ServerPool.Of(channel), firstServer: 0, outbox, options, time, logger)
    {
    }

    /// <summary>An agent that sends to <paramref name="servers"/>, starting with server <paramref name="firstServer"/> (taken modulo their count).</summary>
    public TerminalAgent(ServerPool servers, int firstServer, EventOutbox outbox, TerminalAgentOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _servers = servers ?? throw new ArgumentNullException(nameof(servers));
        _server = firstServer;
        Outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        Options = options ?? new TerminalAgentOptions();
        Options.Validate();
        Time = time ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
        var random = Options.JitterSeed is { } seed ? new Random(seed) : new Random();
        _backoff = new ReconnectBackoff(Options.InitialBackoff, Options.MaxBackoff, random);
    }

    public CheckpointId Checkpoint => Outbox.Checkpoint;

    public TerminalId Terminal => Outbox.Terminal;

    public EventOutbox Outbox { get; }

    /// <summary>The client of the server the agent uses now.</summary>
    internal IngestService.IngestServiceClient Client => _client ??= new IngestService.IngestServiceClient(_servers.ChannelAt(_server));

    /// <summary>The address of the server the agent uses now.</summary>
    public string Server => _servers.NameAt(_server);

    internal TerminalAgentOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal AgentCounters Counters { get; } = new();

    /// <summary>Pulsed when events are recorded or a stop is requested (wakes the writer).</summary>
    internal AsyncPulse Recorded { get; } = new();

    /// <summary>Pulsed on every ack and connection change (wakes <see cref="WaitUntilAcknowledgedAsync"/>).</summary>
    internal AsyncPulse Progress { get; } = new();

    internal bool StopRequested => _stop.IsCancellationRequested;

    /// <summary>
    /// Writes events to the outbox in one transaction (each gets its sequence there) and wakes the
    /// sender. Returns the last sequence. Works whether or not the server is reachable.
    /// </summary>
    public ulong Record(IReadOnlyList<CrossingEvent> events)
    {
        var last = Outbox.Append(events);
        Counters.AddRecorded(events.Count);
        Recorded.Notify();
        Progress.Notify();
        return last;
    }

    /// <summary>Records one event; see <see cref="Record(IReadOnlyList{CrossingEvent})"/>.</summary>
    public ulong Record(CrossingEvent crossing) => Record([crossing]);

    /// <summary>Starts the sender in the background; stop it with <see cref="StopAsync"/> or <see cref="DisposeAsync"/>.</summary>
    public void Start()
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("The agent is already running.");
        }

        _running = Task.Run(() => RunAsync(_abort.Token));
    }

    /// <summary>
    /// Runs the sender until <paramref name="cancellationToken"/> is cancelled (the stream is reset;
    /// unacknowledged events stay in the outbox) or a stop is requested (the stream is half-closed
    /// and the server's last acks awaited).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested && !StopRequested)
        {
            var stream = new IngestStream(this, cancellationToken);
            Exception? failure = null;
            try
            {
                await stream.RunAsync().ConfigureAwait(false);
                AgentLog.Closed(Logger, Terminal, Checkpoint, Outbox.Backlog);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception error)
            {
                failure = error;
            }
            finally
            {
                stream.Dispose();
                Counters.OnDisconnected(failure is null ? null : Describe(failure));
                Progress.Notify();
            }

            if (failure is null)
            {
                return;
            }

            attempt = stream.MadeProgress ? 0 : attempt;
            // The backoff grows once per round of the servers: a failed server's terminals try the next after the shortest wait.
            var delay = RetryDelay(failure, attempt++ / _servers.Count);
            if (_servers.Count > 1 && ServerPool.IsServerFailure(failure))
            {
                MoveToNextServer();
            }
            if (!await WaitToRetryAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Completes once <paramref name="condition"/> holds of the agent's status (checked at every ack and connection change).</summary>
    public async Task WaitForStatusAsync(Func<AgentStatus, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            var progress = Progress.Next;
            if (condition(GetStatus()))
            {
                return;
            }

            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes once every event through <paramref name="sequence"/> is acknowledged.</summary>
    public async Task WaitUntilAcknowledgedAsync(ulong sequence, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var progress = Progress.Next;
            if (Outbox.AcknowledgedThrough >= sequence)
            {
                return;
            }

            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes once nothing recorded is waiting for an ack (the backlog is empty).</summary>
    public async Task WaitUntilDrainedAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var progress = Progress.Next;
            if (Outbox.Backlog == 0)
            {
                return;
            }

            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes once a stream is open (answered open) — e.g. to know the server is back.</summary>
    public async Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var progress = Progress.Next;
            if (Counters.Connected)
            {
                return;
            }

            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the sender: sends nothing more, half-closes the stream and waits for the server's last
    /// acks and OK. If <paramref name="cancellationToken"/> fires first, the stream is reset.
    /// Whatever is unacknowledged stays in the outbox for the next run.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Recorded.Notify();
        if (_running is null)
        {
            return;
        }

        using var abortOnCancel = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort);
        await _running.ConfigureAwait(false);
    }

    /// <summary>A snapshot of the counts and watermarks.</summary>
    public AgentStatus GetStatus() => new(
        Checkpoint,
        Terminal,
        Counters.Recorded,
        Counters.Sent,
        Counters.Acknowledged,
        Counters.Accepted,
        Counters.Duplicates,
        Counters.Rejected,
        Outbox.LastSequence,
        Outbox.AcknowledgedThrough,
        Counters.Connected,
        Counters.Connects,
        Counters.LastError,
        Counters.RetryAt);

    /// <summary>Resets any open stream and waits for the sender to end; leaves the outbox open.</summary>
    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.ConfigureAwait(false);
        }

        _abort.Dispose();
        _stop.Dispose();
    }

    /// <summary>Called by the stream once the server answered open and the outbox followed it.</summary>
    internal void OnOpened(OutboxResync resync, IngestOpened opened)
    {
        switch (resync.Kind)
        {
            case OutboxResyncKind.InStep when resync.AckedByOpen > 0:
                Counters.AddAcknowledged(resync.AckedByOpen);
                AgentLog.AckLost(Logger, Terminal, Checkpoint, resync.AckedByOpen, resync.NextSequence);
                break;
            case OutboxResyncKind.Adopted:
                AgentLog.Adopted(Logger, Terminal, Checkpoint, resync.NextSequence - 1, resync.Renumbered);
                break;
            case OutboxResyncKind.ServerAhead:
                AgentLog.ServerAhead(Logger, Terminal, Checkpoint, resync.NextSequence, resync.PreviousLastSequence, resync.Renumbered);
                break;
            case OutboxResyncKind.ServerBehindResent:
                AgentLog.ServerBehindResent(Logger, Terminal, Checkpoint, resync.NextSequence, resync.PreviousAcknowledgedThrough);
                break;
            case OutboxResyncKind.ServerBehindLost:
                AgentLog.ServerBehindLost(Logger, Terminal, Checkpoint, resync.NextSequence, resync.PreviousAcknowledgedThrough, resync.Lost);
                break;
        }

        Counters.OnConnected();
        AgentLog.Connected(Logger, Terminal, Checkpoint, opened.NextSequence, opened.MaxBatchEvents, Outbox.Backlog);
        Progress.Notify();
    }

    private void MoveToNextServer()
    {
        var failed = Server;
        _server = (_server + 1) % _servers.Count;
        _client = null;
        AgentLog.MovingServer(Logger, Terminal, Checkpoint, failed, Server);
    }

    private TimeSpan RetryDelay(Exception failure, int attempt)
    {
        var backoff = _backoff.Delay(attempt);
        switch (failure)
        {
            case RpcException { StatusCode: StatusCode.FailedPrecondition } gap:
                AgentLog.SequenceGap(Logger, Terminal, Checkpoint, gap.Status.Detail, backoff.TotalSeconds);
                return backoff;
            case RpcException { StatusCode: StatusCode.Unimplemented or StatusCode.NotFound or StatusCode.InvalidArgument
                or StatusCode.PermissionDenied or StatusCode.Unauthenticated } refused:
                // Retrying soon will not help; an operator or a server upgrade will.
                var wait = _backoff.Delay(int.MaxValue);
                AgentLog.Refused(Logger, Terminal, Checkpoint, $"{refused.StatusCode}: {refused.Status.Detail}", wait.TotalSeconds);
                return wait;
            case RpcException or TimeoutException:
                AgentLog.Disconnected(Logger, Terminal, Checkpoint, Describe(failure), backoff.TotalSeconds, Outbox.Backlog);
                return backoff;
            case IngestProtocolException:
                var protocolWait = _backoff.Delay(int.MaxValue);
                AgentLog.Refused(Logger, Terminal, Checkpoint, failure.Message, protocolWait.TotalSeconds);
                return protocolWait;
            default:
                AgentLog.Failed(Logger, failure, Terminal, Checkpoint, backoff.TotalSeconds);
                return backoff;
        }
    }

    /// <summary>Waits out a backoff; false when the agent is stopping or cancelled meanwhile.</summary>
    private async Task<bool> WaitToRetryAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var wait = Task.Delay(delay, Time, either.Token);
        Counters.SetRetryAt(Time.GetUtcNow() + delay);
        Progress.Notify();
        try
        {
            await wait.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            Counters.SetRetryAt(null);
        }
    }

    private static string Describe(Exception failure) => failure switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => failure.Message,
    };
}

using CheckpointGrid.Cli.Agent;
using CheckpointGrid.Cli.Channels;
using CheckpointGrid.Cli.Outbox;
using CheckpointGrid.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>
/// One terminal agent (svc-1 at PA-DAR-SVC, outbox in a temp directory) against the fake Ingest
/// server on a fixed loopback port, which the test can start, stop and start again.
/// </summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    public const string Checkpoint = "PA-DAR-SVC";
    public const string Terminal = "svc-1";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();
    private readonly GrpcChannel _channel;
    private FakeIngestServer? _server;

    public AgentHarness(TerminalAgentOptions? options = null, TimeProvider? time = null, OutboxOptions? outboxOptions = null)
    {
        Port = FakeIngestServer.FreePort();
        _channel = ServerChannel.ForAddress(new Uri($"http://127.0.0.1:{Port}"));
        Outbox = EventOutbox.Open(_directory.File("svc-1.db"), CheckpointId.Parse(Checkpoint), TerminalId.Parse(Terminal), outboxOptions);
        Agent = new TerminalAgent(_channel, Outbox, options ?? FastRetries(), time, Logger);
    }

    public int Port { get; }

    public FakeIngestLedger Ledger { get; } = new();

    public FakeIngestBehavior Behavior { get; } = new();

    public ListLogger Logger { get; } = new();

    public EventOutbox Outbox { get; }

    public TerminalAgent Agent { get; }

    /// <summary>Reconnects within milliseconds, so tests on real time stay quick.</summary>
    public static TerminalAgentOptions FastRetries() => new()
    {
        MaxBatchEvents = 500,
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        JitterSeed = 1,
    };

    public async Task StartServerAsync() => _server = await FakeIngestServer.StartAsync(Ledger, Behavior, Port);

    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <summary>The event_ids the server counted, each as often as it counted it.</summary>
    public IReadOnlyList<string> CountedIds() => [.. Ledger.Counted.Select(e => e.EventId)];

    public async Task DrainAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await Agent.WaitUntilDrainedAsync(timeout.Token);
    }

    public async Task WaitForAsync(Func<AgentStatus, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await Agent.WaitForStatusAsync(condition, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        Outbox.Dispose();
        _channel.Dispose();
        await StopServerAsync();
        _directory.Dispose();
    }
}

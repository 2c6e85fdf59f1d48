using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Testing.Grpc;
using Grpc.Net.Client;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>
/// A Watch stream read as a dashboard reads it: the latest values per scope, replaced wholesale by each
/// snapshot and entry by entry by updates. Reading can start late, to play a stalled client.
/// </summary>
internal sealed class Watcher : IAsyncDisposable
{
    public static readonly Method<WatchRequest, WatchResponse> Watch =
        Rpc.Of<WatchRequest, WatchResponse>(WatchReflection.Descriptor.Services[0], "Watch");

    private readonly AsyncServerStreamingCall<WatchResponse> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<IReadOnlyDictionary<string, ScopeCounts>, bool> Done, TaskCompletionSource Signal)> _waiting = [];
    private readonly List<WatchResponse>? _messages;
    private Dictionary<string, ScopeCounts> _view = [];
    private Task? _reading;

    private Watcher(AsyncServerStreamingCall<WatchResponse> call, bool keepMessages)
    {
        _call = call;
        _messages = keepMessages ? [] : null;
    }

    public int Snapshots { get; private set; }

    public int Updates { get; private set; }

    public int Heartbeats { get; private set; }

    /// <summary>Updates whose version of a scope was not above the one held: must stay 0.</summary>
    public int VersionRegressions { get; private set; }

    /// <summary>Every message, in order, when kept.</summary>
    public IReadOnlyList<WatchResponse> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages ?? throw new InvalidOperationException("Messages are kept only when asked for.")];
            }
        }
    }

    /// <summary>How the tests name a scope: its JSON, e.g. { "region": "Darién" }.</summary>
    public static string KeyOf(Scope scope) => scope.ToString();

    public static async Task<Watcher> StartAsync(GrpcChannel channel, WatchRequest request, bool read = true, bool keepMessages = false)
    {
        var call = channel.ServerStreaming(Watch, request);
        var watcher = new Watcher(call, keepMessages);
        if (read)
        {
            watcher.StartReading();
        }
        return watcher;
    }

    /// <summary>Starts reading (once): a stalled watcher catches up from here.</summary>
    public void StartReading() => _reading ??= Task.Run(ReadAsync);

    /// <summary>Waits until the view satisfies <paramref name="done"/>, checked after every message; returns the view.</summary>
    public async Task<IReadOnlyDictionary<string, ScopeCounts>> WaitUntilAsync(Func<IReadOnlyDictionary<string, ScopeCounts>, bool> done, TimeSpan timeout)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (done(_view))
            {
                return _view;
            }
            _waiting.Add((done, signal));
        }
        try
        {
            await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                throw new TimeoutException(
                    $"The watch view did not reach the expected values within {timeout} ({Snapshots} snapshots, {Updates} updates, {Heartbeats} heartbeats). View: {string.Join("; ", _view.Values)}");
            }
        }
        lock (_gate)
        {
            return _view;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _call.Dispose();
        if (_reading is not null)
        {
            try
            {
                await _reading.WaitAsync(GridServer.Patience);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException)
            {
                // Ending the call is what disposing does.
            }
        }
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _call.ResponseStream.MoveNext(_stop.Token))
        {
            Apply(_call.ResponseStream.Current);
        }
    }

    private void Apply(WatchResponse message)
    {
        lock (_gate)
        {
            _messages?.Add(message);
            switch (message.PayloadCase)
            {
                case WatchResponse.PayloadOneofCase.Snapshot:
                    Snapshots++;
                    _view = message.Snapshot.Scopes.ToDictionary(s => KeyOf(s.Scope));
                    break;
                case WatchResponse.PayloadOneofCase.Update:
                    Updates++;
                    foreach (var changed in message.Update.Changed)
                    {
                        var key = KeyOf(changed.Scope);
                        if (_view.TryGetValue(key, out var held) && changed.Version <= held.Version)
                        {
                            VersionRegressions++;
                        }
                        _view[key] = changed;
                    }
                    break;
                default:
                    Heartbeats++;
                    break;
            }
            for (var i = _waiting.Count - 1; i >= 0; i--)
            {
                if (_waiting[i].Done(_view))
                {
                    _waiting[i].Signal.TrySetResult();
                    _waiting.RemoveAt(i);
                }
            }
        }
    }
}

using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.EndToEnd.Tests.Cluster;

/// <summary>A dashboard's view of one node: a Watch of the national scope, keeping the latest counts it was sent.</summary>
internal sealed class NationalWatcher : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Lock _gate = new();
    private readonly List<(Func<ScopeCounts, bool> Condition, TaskCompletionSource Met)> _waiters = [];
    private ScopeCounts? _latest;

    private NationalWatcher(string node, string address)
    {
        Node = node;
        _channel = GrpcChannel.ForAddress(address);
        _running = RunAsync();
    }

    public string Node { get; }

    public ScopeCounts? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>Why the watch ended, if it did (a killed node's watcher ends).</summary>
    public Exception? Ended { get; private set; }

    public static NationalWatcher Start(ClusterNode node) => new(node.Name, node.Address);

    /// <summary>Completes once the latest national counts satisfy <paramref name="condition"/> (now or later).</summary>
    public async Task WaitForAsync(Func<ScopeCounts, bool> condition, TimeSpan timeout, string what)
    {
        var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_latest is not null && condition(_latest))
            {
                return;
            }
            _waiters.Add((condition, met));
        }
        try
        {
            await met.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The watcher on {Node} did not see {what} within {timeout}; it last saw {Latest}; ended: {Ended?.Message ?? "no"}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _channel.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            var client = new WatchService.WatchServiceClient(_channel);
            using var call = client.Watch(new WatchRequest { Scope = new Scope { National = new() }, MinIntervalMs = 50 }, cancellationToken: _stop.Token);
            await foreach (var message in call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                var scopes = message.PayloadCase switch
                {
                    WatchResponse.PayloadOneofCase.Snapshot => message.Snapshot.Scopes,
                    WatchResponse.PayloadOneofCase.Update => message.Update.Changed,
                    _ => null,
                };
                if (scopes is null || scopes.Count == 0)
                {
                    continue;
                }
                Offer(scopes[^1]);
            }
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException)
        {
            Ended = error;
        }
    }

    private void Offer(ScopeCounts counts)
    {
        lock (_gate)
        {
            _latest = counts;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(counts))
                {
                    _waiters[i].Met.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}

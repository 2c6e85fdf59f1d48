using System.Threading.Channels;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Grains.Catalog;

namespace CheckpointGrid.Server.Watch;

/// <summary>
/// One watcher: a snapshot, then coalesced updates at most once per interval, heartbeats while quiet, and a
/// fresh snapshot after it fell behind. It holds nothing but the version it last sent of each scope: the
/// values themselves are read from the grains' feeds when a message is due, so whatever the client's speed
/// its backlog is one message, and the grains never wait for it. Serves gRPC and the dashboard alike.
/// </summary>
public sealed class WatchSession : IWatchSubscriber
{
    // Invariants: _watched holds a subscribed feed for each scope watched (for all_checkpoints, each
    // checkpoint of the catalog once seen) with the version last sent of it; _woken holds at most one item:
    // whether something may have changed since the loop last looked.
    private readonly WatchHub _hub;
    private readonly CheckpointCatalog? _catalog;
    private readonly Scope? _scope;
    private readonly TimeSpan _interval;
    private readonly WatchOptions _options;
    private readonly TimeProvider _time;
    private readonly List<Watched> _watched = [];
    private readonly Channel<bool> _woken = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private int _wokenFlag;
    private bool _behind;

    /// <summary>A watcher of one scope, checked to name something known.</summary>
    internal WatchSession(WatchHub hub, Scope scope, TimeSpan interval, WatchOptions options, TimeProvider time)
        : this(hub, null, scope, interval, options, time)
    {
    }

    /// <summary>A watcher of every checkpoint in <paramref name="catalog"/>, present and future.</summary>
    internal WatchSession(WatchHub hub, CheckpointCatalog catalog, TimeSpan interval, WatchOptions options, TimeProvider time)
        : this(hub, catalog, null, interval, options, time)
    {
    }

    private WatchSession(WatchHub hub, CheckpointCatalog? catalog, Scope? scope, TimeSpan interval, WatchOptions options, TimeProvider time)
    {
        _hub = hub;
        _catalog = catalog;
        _scope = scope;
        _interval = interval;
        _options = options;
        _time = time;
    }

    public void OnPublished()
    {
        // Most calls find the flag already up: no channel operation then.
        if (Interlocked.Exchange(ref _wokenFlag, 1) == 0)
        {
            _woken.Writer.TryWrite(true);
        }
        else
        {
            _hub.Metrics.Coalesced();
        }
    }

    /// <summary>Streams until <paramref name="cancellationToken"/> fires or <paramref name="send"/> throws; unsubscribes at the end.</summary>
    public async Task RunAsync<TSink>(Func<TSink, WatchMessage, CancellationToken, Task> send, TSink sink, CancellationToken cancellationToken)
    {
        if (_catalog is not null)
        {
            _catalog.Changed += OnCatalogChanged;
        }
        _hub.Metrics.WatcherStarted();
        try
        {
            await SubscribeNewAsync();
            var lastSent = await SendAsync(send, sink, Snapshot(), cancellationToken);
            while (true)
            {
                // A client that fell behind is resynchronised at once, changes or not.
                var quiet = lastSent + _options.HeartbeatInterval - _time.GetUtcNow();
                if (!_behind && !await WaitForChangeAsync(quiet, cancellationToken))
                {
                    lastSent = await SendAsync(send, sink, Heartbeat(), cancellationToken);
                    continue;
                }
                var early = lastSent + _interval - _time.GetUtcNow();
                if (early > TimeSpan.Zero)
                {
                    await Task.Delay(early, _time, cancellationToken);
                }
                await SubscribeNewAsync();
                var message = _behind ? Resync() : Update();
                if (message is not null)
                {
                    lastSent = await SendAsync(send, sink, message, cancellationToken);
                }
            }
        }
        finally
        {
            _hub.Metrics.WatcherEnded();
            if (_catalog is not null)
            {
                _catalog.Changed -= OnCatalogChanged;
            }
            await UnsubscribeAllAsync();
        }
    }

    private void OnCatalogChanged(object? sender, EventArgs e) => OnPublished();

    /// <summary>Sends, noting what was sent and whether the client kept up; returns when the send started.</summary>
    private async Task<DateTimeOffset> SendAsync<TSink>(
        Func<TSink, WatchMessage, CancellationToken, Task> send, TSink sink, WatchMessage message, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        await send(sink, message, cancellationToken);
        _behind = _time.GetUtcNow() - started > _options.ResyncAfter;
        return started;
    }

    /// <summary>True when woken by a publication; false when <paramref name="timeout"/> passed first.</summary>
    private async Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_woken.Reader.TryRead(out _))
        {
            if (timeout <= TimeSpan.Zero)
            {
                return false;
            }
            using var quiet = new CancellationTokenSource(timeout, _time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
            try
            {
                await _woken.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        // Lowered after the read, so a publication from now on wakes the loop again.
        Volatile.Write(ref _wokenFlag, 0);
        return true;
    }

    private WatchMessage Snapshot()
    {
        var scopes = new PublishedScope[_watched.Count];
        for (var i = 0; i < scopes.Length; i++)
        {
            scopes[i] = _watched[i].Feed.Latest!;
            _watched[i].SentVersion = scopes[i].Version;
        }
        return WatchMessage.Snapshot(scopes);
    }

    private WatchMessage Resync()
    {
        WatchLog.Resyncing(_hub.Logger, _watched.Count, _options.ResyncAfter);
        _hub.Metrics.Resynced();
        return Snapshot();
    }

    private WatchMessage? Update()
    {
        List<PublishedScope>? changed = null;
        foreach (var watched in _watched)
        {
            var latest = watched.Feed.Latest!;
            if (latest.Version != watched.SentVersion)
            {
                (changed ??= []).Add(latest);
                watched.SentVersion = latest.Version;
            }
        }
        if (changed is null)
        {
            return null;
        }
        _hub.Metrics.UpdateSent();
        return WatchMessage.Update(changed);
    }

    private WatchMessage Heartbeat() => WatchMessage.Heartbeat(_time.GetUtcNow());

    /// <summary>Subscribes to the scope watched, or to the checkpoints the catalog gained, in id order.</summary>
    private async Task SubscribeNewAsync()
    {
        if (_scope is not null)
        {
            if (_watched.Count == 0)
            {
                await SubscribeAsync(_scope);
            }
            return;
        }
        if (_watched.Count == _catalog!.All.Count())
        {
            return;
        }
        var known = _watched.Select(w => w.Scope.CheckpointId).ToHashSet(StringComparer.Ordinal);
        foreach (var checkpoint in _catalog.All)
        {
            if (!known.Contains(checkpoint.Id.Value))
            {
                await SubscribeAsync(new Scope { CheckpointId = checkpoint.Id.Value });
            }
        }
        _watched.Sort(static (a, b) => string.CompareOrdinal(a.Scope.CheckpointId, b.Scope.CheckpointId));
    }

    private async Task SubscribeAsync(Scope scope)
    {
        var feed = await _hub.FollowAsync(scope, this);
        // Never sent: the next update carries it (the snapshot, when it is the first message).
        _watched.Add(new Watched(scope, feed) { SentVersion = ulong.MaxValue });
    }

    private async Task UnsubscribeAllAsync()
    {
        var leaving = new List<Task>(_watched.Count);
        foreach (var watched in _watched)
        {
            leaving.Add(_hub.LeaveAsync(watched.Scope, this));
        }
        await Task.WhenAll(leaving);
    }

    private sealed class Watched(Scope scope, ScopeFeed feed)
    {
        public Scope Scope => scope;

        public ScopeFeed Feed => feed;

        public ulong SentVersion { get; set; }
    }
}

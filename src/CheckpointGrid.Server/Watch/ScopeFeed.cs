using CheckpointGrid.Abstractions.Watch;

namespace CheckpointGrid.Server.Watch;

/// <summary>
/// The latest values this silo has of one scope, and the watchers following it. The hub offers what grains publish;
/// watchers read <see cref="Latest"/> from any thread when they are due to send, so holding only the latest is what
/// coalesces: a watcher that reads late skips the values in between.
/// </summary>
public sealed class ScopeFeed
{
    private readonly Lock _gate = new();
    private readonly List<IWatchSubscriber> _subscribers = [];
    private PublishedScope? _latest;

    /// <summary>The newest values received; null until the first arrived.</summary>
    public PublishedScope? Latest => Volatile.Read(ref _latest);

    /// <summary>How many watchers follow it.</summary>
    public int Watchers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Takes newer values (a higher version: versions grow across the grain's activations too) and wakes the watchers; older ones are dropped.</summary>
    public void Offer(ScopeUpdate update)
    {
        IWatchSubscriber[] wake;
        lock (_gate)
        {
            if (_latest is { } held && held.Version >= update.Version)
            {
                return;
            }
            Volatile.Write(ref _latest, new PublishedScope(update));
            wake = [.. _subscribers];
        }
        foreach (var subscriber in wake)
        {
            subscriber.OnPublished();
        }
    }

    internal void Add(IWatchSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers.Add(subscriber);
        }
    }

    /// <summary>Removes a watcher; true when none is left.</summary>
    internal bool Remove(IWatchSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscriber);
            return _subscribers.Count == 0;
        }
    }
}

namespace CheckpointGrid.Abstractions.Watch;

/// <summary>How long a grain keeps a hub's subscription, and how often hubs renew theirs (well inside it).</summary>
public static class WatchTiming
{
    public static readonly TimeSpan SubscriptionExpiry = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(15);
}

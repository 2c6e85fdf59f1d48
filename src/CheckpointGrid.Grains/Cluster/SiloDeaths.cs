namespace CheckpointGrid.Grains.Cluster;

/// <summary>Acting when the cluster declares a silo dead: the grains that lived there come back elsewhere, unsubscribed.</summary>
public static class SiloDeaths
{
    /// <summary>
    /// Runs <paramref name="action"/> each time the membership declares one or more silos dead, until
    /// <paramref name="stopping"/> fires (then completes quietly). One action runs at a time, in order.
    /// </summary>
    public static async Task OnEachAsync(this IClusterMembershipService membership, Func<Task> action, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(action);
        ClusterMembershipSnapshot? previous = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping))
            {
                var someoneDied = previous is not null
                    && snapshot.CreateUpdate(previous).Changes.Any(static member => member.Status == SiloStatus.Dead);
                previous = snapshot;
                if (someoneDied)
                {
                    await action();
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}

using System.Diagnostics;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage;

namespace CheckpointGrid.Bench.Activation;

/// <summary>
/// A checkpoint grain's activation without the silo around it: what <c>CheckpointGrain.OnActivateAsync</c> does
/// with the store (<see cref="ICrossingStore.LoadAsync"/>, then <see cref="ScopeCounter.Restore"/>), in the bench's
/// process, on a data directory no server is using.
/// </summary>
internal static class StoreActivation
{
    /// <summary>One measurement: opening the store, the first activation on it, and a second one (pooled connection, warm caches).</summary>
    public sealed record Result(double OpenMs, double FirstMs, double SecondMs, int Rows, ulong Version, ulong People);

    public static async Task<Result> MeasureAsync(string dataDir, CheckpointId checkpoint)
    {
        var start = Stopwatch.GetTimestamp();
        await using var store = SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = dataDir });
        var openMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var (firstMs, state, counter) = await ActivateAsync(store, checkpoint);
        var (secondMs, _, _) = await ActivateAsync(store, checkpoint);
        return new Result(openMs, firstMs, secondMs, state.Rows.Count, state.Version, People(counter, checkpoint));
    }

    /// <summary>People of all five movements in the restored counter: what the check compares with the acknowledged headcounts.</summary>
    private static ulong People(ScopeCounter counter, CheckpointId checkpoint)
    {
        var totals = counter.ToScopeCounts(new Contracts.V1.Scope { CheckpointId = checkpoint.Value }, DateTimeOffset.UtcNow).Totals;
        return (totals.Arrival?.People ?? 0) + (totals.Departure?.People ?? 0) + (totals.ShelterCheckIn?.People ?? 0)
            + (totals.ShelterCheckOut?.People ?? 0) + (totals.RepatriationBoarding?.People ?? 0);
    }

    private static async Task<(double Ms, CheckpointState State, ScopeCounter Counter)> ActivateAsync(SqliteCrossingStore store, CheckpointId checkpoint)
    {
        var start = Stopwatch.GetTimestamp();
        var state = await store.LoadAsync(checkpoint, CancellationToken.None);
        var counter = ScopeCounter.Restore(state.ShelterOccupants, state.LastRecordedAt, state.Rows);
        return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, state, counter);
    }
}

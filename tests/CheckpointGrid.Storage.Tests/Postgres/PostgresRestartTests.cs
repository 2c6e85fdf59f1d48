using System.Collections.Concurrent;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage.Tests.Fixtures;
using CheckpointGrid.Testing.Postgres;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>
/// The database restarting under a running store: the batches in flight fail (never a false success), the writer
/// keeps going, and once the database is back commits succeed again; every acknowledged batch is there, once, and a
/// failed batch resent is never counted twice. A server of its own, since the test stops it.
/// </summary>
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private const int Checkpoints = 4;
    private const int EventsPerBatch = 20;
    private const int CommitsAfterRestart = 5;
    private PostgresInstance _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresInstance.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [Theory]
    [InlineData("fast")]
    [InlineData("immediate")]
    public async Task Restart_fails_batches_in_flight_and_keeps_every_acknowledged_one_once(string stopMode)
    {
        var options = new PostgresStoreOptions { ConnectionString = await _postgres.CreateDatabaseAsync() };
        await using var store = await PostgresCrossingStore.OpenAsync(options);
        var stored = new ConcurrentDictionary<string, byte>();
        var failures = new ConcurrentBag<Exception>();
        var acked = 0;
        var enoughAcked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failedOnce = Enumerable.Range(0, Checkpoints).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // One checkpoint's grain: commits batch after batch; when one fails it waits for the database, then resends
        // the same batch. Committed: acknowledged now. Refused for its version: the failure hit the COMMIT, which went
        // through (no one else writes this checkpoint), so the batch was stored before. Either way its events count once.
        async Task Grain(int index)
        {
            var checkpoint = CheckpointId.Parse($"PA-RESTART-{index}");
            var terminal = TerminalId.Parse($"restart-{index}");
            var writer = new CheckpointWriter(checkpoint);
            ulong sequence = 0;
            var afterRestart = 0;
            while (afterRestart < CommitsAfterRestart)
            {
                var events = new CrossingEvent[EventsPerBatch];
                for (var e = 0; e < events.Length; e++)
                {
                    sequence++;
                    events[e] = Event($"{checkpoint}-{sequence}", terminal, sequence);
                }
                var batch = writer.Stream(terminal, sequence, events);
                CommitResult result;
                try
                {
                    result = await store.CommitAsync(batch, default).WithTimeout();
                }
                catch (PostgresCommitException failure)
                {
                    failures.Add(failure);
                    failedOnce[index].TrySetResult();
                    await back.Task.WithTimeout();
                    result = await store.CommitAsync(batch, default).WithTimeout();
                    Assert.True(result.Status is CommitStatus.Committed or CommitStatus.VersionConflict, $"resend: {result.Status}");
                }
                foreach (var crossing in events)
                {
                    Assert.True(stored.TryAdd(crossing.EventId, 0));
                }
                if (back.Task.IsCompleted)
                {
                    afterRestart++;
                }
                else if (Interlocked.Increment(ref acked) == 3 * Checkpoints)
                {
                    enoughAcked.TrySetResult();
                }
            }
        }

        var grains = Enumerable.Range(0, Checkpoints).Select(i => Task.Run(() => Grain(i))).ToArray();
        await enoughAcked.Task.WithTimeout();
        await _postgres.StopAsync(stopMode);
        await Task.WhenAll(failedOnce.Select(static f => f.Task)).WithTimeout();
        await _postgres.StartAgainAsync();
        back.SetResult();
        await Task.WhenAll(grains).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.NotEmpty(failures);
        for (var index = 0; index < Checkpoints; index++)
        {
            var checkpoint = CheckpointId.Parse($"PA-RESTART-{index}");
            var expected = stored.Keys.Where(id => id.StartsWith($"{checkpoint}-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, await PostgresRaw.EventIdsAsync(options.ConnectionString, checkpoint));
            var state = await store.LoadAsync(checkpoint, default).WithTimeout();
            Assert.Equal((ulong)(expected.Length / EventsPerBatch), state.Version);
            var totals = Assert.Single(state.Rows, static row => row.Kind == BucketKind.Totals).Tally;
            Assert.Equal((ulong)expected.Length, totals.People(Movement.Arrival));
            Assert.Equal((ulong)expected.Length, state.DurableSequences[TerminalId.Parse($"restart-{index}")]);
        }
    }
}

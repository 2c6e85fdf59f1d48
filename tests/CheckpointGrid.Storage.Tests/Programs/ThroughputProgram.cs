using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage.Diagnostics;
using CheckpointGrid.Storage.Postgres;
using CheckpointGrid.Testing.Postgres;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Storage.Tests.Programs;

/// <summary>
/// A quick throughput check of the SQLite store, not a test: N concurrent committers commit batches of new events
/// for a while, with synchronous FULL and then NORMAL. Each committer is one checkpoint's grain with one terminal:
/// it counts each batch as the grain does (a delta, applied, the rows it touched) and commits it with those rows
/// at the version it holds, waiting for each commit before the next. (Before counts were stored, the committers
/// were 16 terminals over 8 checkpoints; with one writer per checkpoint each committer has a checkpoint of its own.)
/// With --postgres it runs the PostgreSQL store instead, on a private server (PostgresInstance, fsync on), once with
/// events written by binary COPY and once by INSERT ... unnest.
/// Run: dotnet run -c Release --project tests/CheckpointGrid.Storage.Tests -- throughput [--seconds 10] [--committers 16] [--batch 200] [--wal-pages N] [--uuid7] [--postgres]
/// </summary>
internal static class ThroughputProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10);
        var committers = Option(args, "--committers", 16);
        var batchSize = Option(args, "--batch", 200);
        var checkpointPages = Option(args, "--wal-pages", new SqliteStoreOptions().WalCheckpointPages);
        var timeOrdered = Array.IndexOf(args, "--uuid7") >= 0;
        var duration = TimeSpan.FromSeconds(seconds);
        if (Array.IndexOf(args, "--postgres") >= 0)
        {
            Console.WriteLine($"PostgreSQL: {committers} committers x batches of {batchSize} events, {seconds} s per run, {Environment.ProcessorCount} cores, event ids {(timeOrdered ? "UUIDv7" : "UUIDv4")}");
            await using var postgres = await PostgresInstance.StartAsync();
            foreach (var eventWrite in new[] { PostgresEventWrite.Copy, PostgresEventWrite.Insert })
            {
                var options = new PostgresStoreOptions { ConnectionString = await postgres.CreateDatabaseAsync(), EventWrite = eventWrite };
                await RunOnceAsync(
                    $"events by {eventWrite,-6}", async () => await PostgresCrossingStore.OpenAsync(options), () => "", committers, batchSize, timeOrdered, duration);
            }
            return 0;
        }

        Console.WriteLine($"{committers} committers x batches of {batchSize} events, {seconds} s per run, {Environment.ProcessorCount} cores, event ids {(timeOrdered ? "UUIDv7" : "UUIDv4")}, WAL checkpoint at {checkpointPages} pages");
        foreach (var synchronous in new[] { SqliteSynchronous.Full, SqliteSynchronous.Normal })
        {
            var directory = Path.Combine(Path.GetTempPath(), "checkpointgrid-throughput", Guid.NewGuid().ToString("N"));
            try
            {
                var options = new SqliteStoreOptions { DataDirectory = directory, Synchronous = synchronous, WalCheckpointPages = checkpointPages };
                await RunOnceAsync(
                    $"synchronous={synchronous,-6}", () => Task.FromResult<ICrossingStore>(SqliteCrossingStore.Open(options)),
                    () => string.Create(CultureInfo.InvariantCulture, $"; file {new FileInfo(options.DatabasePath).Length / 1_048_576.0:F0} MiB"),
                    committers, batchSize, timeOrdered, duration);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        return 0;
    }

    private static async Task RunOnceAsync(
        string label, Func<Task<ICrossingStore>> open, Func<string> sizeNote, int committers, int batchSize, bool timeOrdered, TimeSpan duration)
    {
        long transactions = 0;
        long batchesInTransactions = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = static (instrument, l) =>
            {
                if (instrument.Meter.Name == StorageDiagnostics.MeterName
                    && instrument.Name is "checkpointgrid.storage.transaction.batches" or "checkpointgrid.storage.transaction.duration" or "checkpointgrid.storage.commit.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref transactions);
            Interlocked.Add(ref batchesInTransactions, value);
        });
        double writing = 0;
        var latencies = new List<double>();
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            // Both are recorded on the writer thread only.
            if (instrument.Name == "checkpointgrid.storage.transaction.duration")
            {
                writing += value;
            }
            else
            {
                latencies.Add(value);
            }
        });
        listener.Start();
        long events = 0;
        var elapsed = TimeSpan.Zero;
        var store = await open();
        await using ((IAsyncDisposable)store)
        {
            using var stop = new CancellationTokenSource(duration);
            var clock = Stopwatch.StartNew();
            var tasks = new Task<long>[committers];
            for (var c = 0; c < committers; c++)
            {
                var committer = c;
                tasks[c] = Task.Run(() => CommitUntilAsync(store, committer, batchSize, timeOrdered, stop.Token));
            }
            foreach (var committed in await Task.WhenAll(tasks))
            {
                events += committed;
            }
            elapsed = clock.Elapsed;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {events,9:N0} events in {elapsed.TotalSeconds:F1} s = {events / elapsed.TotalSeconds,9:N0} events/s; " +
            $"{transactions:N0} transactions, {(double)batchesInTransactions / Math.Max(1, transactions):F1} batches each, writer busy {writing / elapsed.TotalSeconds:P0}; " +
            $"commit latency p50 {Percentile(latencies, 0.50) * 1000:F1} ms, p99 {Percentile(latencies, 0.99) * 1000:F1} ms, max {Percentile(latencies, 1) * 1000:F1} ms{sizeNote()}"));
    }

    private static async Task<long> CommitUntilAsync(ICrossingStore store, int committer, int batchSize, bool timeOrdered, CancellationToken stop)
    {
        var checkpoint = CheckpointId.Parse($"PA-BENCH-{committer}");
        var terminal = TerminalId.Parse($"bench-{committer}");
        var occurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var counter = new ScopeCounter();
        ulong version = 0;
        long committed = 0;
        ulong sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            var events = new CrossingEvent[batchSize];
            for (var i = 0; i < batchSize; i++)
            {
                events[i] = new CrossingEvent
                {
                    EventId = (timeOrdered ? Guid.CreateVersion7() : Guid.NewGuid()).ToString(),
                    TerminalId = terminal.Value,
                    Sequence = ++sequence,
                    OccurredAt = occurredAt,
                    Movement = Movement.Arrival,
                    Direction = Direction.Northbound,
                    Nationality = "VEN",
                    AgeGroup = AgeGroup.Ages18To59,
                    Sex = Sex.Female,
                    Headcount = 1,
                };
            }
            var recordedAt = DateTimeOffset.UtcNow;
            var delta = new Delta();
            foreach (var crossing in events)
            {
                delta.Add(crossing, recordedAt);
            }
            counter.Apply(delta);
            var counts = new CountsUpdate(counter.ShelterOccupants, counter.LastRecordedAt, counter.RowsTouchedBy(delta));
            var result = await store.CommitAsync(new CrossingBatch(checkpoint, terminal, sequence, events, recordedAt, version, counts), default);
            if (result.Status != CommitStatus.Committed)
            {
                throw new InvalidOperationException($"{checkpoint}'s batch at version {version} was refused: {result.Status}.");
            }
            version++;
            committed += batchSize;
        }
        return committed;
    }

    private static double Percentile(List<double> values, double fraction)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        values.Sort();
        return values[(int)Math.Min(values.Count - 1, Math.Ceiling(fraction * values.Count) - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

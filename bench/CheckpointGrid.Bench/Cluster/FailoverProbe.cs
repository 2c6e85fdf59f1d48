using System.Diagnostics;
using CheckpointGrid.Bench.Ingest;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CheckpointGrid.Bench.Cluster;

/// <summary>
/// One checkpoint's probe terminal in a fail-over trial: one event by RecordCrossing every <see cref="Every"/>, through
/// a surviving silo, each call with a <see cref="Deadline"/>; a failed or late call is followed by the next one on the
/// schedule. From the moment the trial marks (the victim's kill), it notes when the first call sent after the mark was
/// acknowledged, and how many calls sent after the mark failed.
/// </summary>
internal sealed class FailoverProbe(string checkpoint, GrpcChannel channel, int index)
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    private long _mark;
    private long _acks;
    private long _firstAckAfterMark;
    private long _failuresAfterMark;
    private long _lastFailure;
    private string? _lastError;

    public string Checkpoint { get; } = checkpoint;

    public long Acks => Interlocked.Read(ref _acks);

    /// <summary>When the first call sent after the mark was acknowledged (Stopwatch timestamp); 0 while none has been.</summary>
    public long FirstAckAfterMark => Interlocked.Read(ref _firstAckAfterMark);

    public long FailuresAfterMark => Interlocked.Read(ref _failuresAfterMark);

    /// <summary>When the last call sent after the mark failed (Stopwatch timestamp); 0 if none did.</summary>
    public long LastFailure => Interlocked.Read(ref _lastFailure);

    public string? LastError => Volatile.Read(ref _lastError);

    public void Mark(long timestamp) => Interlocked.Exchange(ref _mark, timestamp);

    public async Task RunAsync(CancellationToken stop)
    {
        var client = new IngestService.IngestServiceClient(channel);
        var random = new Random(index);
        var terminal = $"bench-failover-{index + 1:00}";
        while (!stop.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            var request = new RecordCrossingRequest { Event = CrossingEventFactory.Create(random, Checkpoint, terminal, 0, DateTimeOffset.UtcNow) };
            bool ok;
            try
            {
                await client.RecordCrossingAsync(request, new CallOptions(deadline: DateTime.UtcNow + Deadline, cancellationToken: stop));
                ok = true;
            }
            catch (RpcException ex) when (!stop.IsCancellationRequested)
            {
                ok = false;
                Volatile.Write(ref _lastError, $"{ex.StatusCode}: {ex.Status.Detail}");
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
                return;
            }
            var done = Stopwatch.GetTimestamp();
            var mark = Interlocked.Read(ref _mark);
            var afterMark = mark != 0 && sent >= mark;
            if (ok)
            {
                Interlocked.Increment(ref _acks);
                if (afterMark && FirstAckAfterMark == 0)
                {
                    Interlocked.Exchange(ref _firstAckAfterMark, done);
                }
            }
            else if (afterMark)
            {
                Interlocked.Increment(ref _failuresAfterMark);
                Interlocked.Exchange(ref _lastFailure, done);
            }
            var wait = Every - Stopwatch.GetElapsedTime(sent);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

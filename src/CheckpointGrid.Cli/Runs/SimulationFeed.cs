using CheckpointGrid.Cli.Simulation;
using CheckpointGrid.Cli.Sources;

namespace CheckpointGrid.Cli.Runs;

/// <summary>Feeds a simulator's events to a fleet as the clock reaches each event's time, until a duration or a count is reached.</summary>
public static class SimulationFeed
{
    /// <summary>How often due events are recorded (one outbox transaction per terminal per tick).</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>Records events in real time from <paramref name="start"/>; returns how many were recorded.</summary>
    public static async Task<long> RunAsync(
        Simulator simulator,
        AgentFleet fleet,
        DateTimeOffset start,
        TimeSpan? duration,
        long? maxEvents,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var end = duration is { } d ? start + d : DateTimeOffset.MaxValue;
        var limit = maxEvents ?? long.MaxValue;
        using var events = simulator.Events().GetEnumerator();
        events.MoveNext();
        var batch = new List<TerminalEvent>();
        long recorded = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            batch.Clear();
            var next = events.Current;
            var at = next.Event.OccurredAt.ToDateTimeOffset();
            while (at <= now && at < end && recorded + batch.Count < limit)
            {
                batch.Add(next);
                events.MoveNext();
                next = events.Current;
                at = next.Event.OccurredAt.ToDateTimeOffset();
            }

            if (batch.Count > 0)
            {
                fleet.Record(batch);
                recorded += batch.Count;
            }

            if (at >= end || recorded >= limit)
            {
                return recorded;
            }

            var wait = at - now;
            await Task.Delay(wait < Tick ? (wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1)) : Tick, time, cancellationToken).ConfigureAwait(false);
        }
    }
}

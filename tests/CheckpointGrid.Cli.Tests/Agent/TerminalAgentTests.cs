using CheckpointGrid.Cli.Tests.Fixtures;
using CheckpointGrid.Testing.Time;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Tests.Agent;

public sealed class TerminalAgentTests
{
    [Fact]
    public async Task Events_recorded_while_the_server_is_down_are_sent_when_it_comes_up()
    {
        await using var harness = new AgentHarness();
        harness.Agent.Start();

        harness.Agent.Record(Crossings.Arrivals("down", 120));
        await harness.WaitForAsync(s => s.LastError is not null);
        Assert.Equal(0, harness.Agent.GetStatus().Connects);
        Assert.Equal(120, harness.Outbox.Backlog);

        await harness.StartServerAsync();
        await harness.DrainAsync();

        Assert.Equal(Crossings.Arrivals("down", 120).Select(e => e.EventId), harness.CountedIds());
        Assert.Equal(0, harness.Ledger.Duplicates);
        Assert.Equal(120UL, harness.Ledger.Durable(AgentHarness.Checkpoint, AgentHarness.Terminal));
    }

    [Fact]
    public async Task The_first_retry_after_the_server_comes_back_connects()
    {
        // The agent's backoff alone decides when it reconnects: the channel keeps none of its own.
        var time = new ManualTimeProvider();
        await using var harness = new AgentHarness(AgentHarness.FastRetries(), time);
        harness.Agent.Start();

        for (var refused = 1; refused <= 4; refused++)
        {
            await harness.WaitForAsync(s => s.RetryAt is not null);
            Assert.Equal(0, harness.Agent.GetStatus().Connects);
            time.Advance(harness.Agent.GetStatus().RetryAt!.Value - time.GetUtcNow());
            await harness.WaitForAsync(s => s.RetryAt is null);
        }

        await harness.WaitForAsync(s => s.RetryAt is not null);
        await harness.StartServerAsync();
        time.Advance(harness.Agent.GetStatus().RetryAt!.Value - time.GetUtcNow());
        await harness.WaitForAsync(s => s.Connected || s.RetryAt is not null);

        Assert.True(harness.Agent.GetStatus().Connected, harness.Agent.GetStatus().LastError);
        Assert.Equal(1, harness.Behavior.OpenAttempts);
    }

    [Fact]
    public async Task After_dropped_connections_the_agent_resumes_from_next_sequence_and_nothing_is_counted_twice()
    {
        await using var harness = new AgentHarness();
        harness.Behavior.MaxBatchEvents = 50;
        harness.Behavior.At(3, IngestFault.AbortAfterCommit).At(7, IngestFault.AbortBeforeCommit);
        await harness.StartServerAsync();
        harness.Agent.Record(Crossings.Arrivals("e", 600));

        harness.Agent.Start();
        await harness.DrainAsync();

        Assert.Equal(Crossings.Arrivals("e", 600).Select(e => e.EventId), harness.CountedIds());
        Assert.Equal(0, harness.Ledger.Duplicates);
        var streams = harness.Ledger.Streams;
        Assert.True(streams.Count >= 3, $"{streams.Count} streams");
        Assert.Equal(151UL, streams[1].NextSequence); // batch 3 (101–150) was committed, its ack lost
        Assert.All(streams.Where(s => s.FirstSequenceSent is not null), s => Assert.Equal(s.NextSequence, s.FirstSequenceSent));
        Assert.Equal(600, harness.Agent.GetStatus().Acknowledged);
    }

    [Fact]
    public async Task A_server_restart_mid_stream_loses_nothing_and_counts_nothing_twice()
    {
        await using var harness = new AgentHarness();
        harness.Behavior.MaxBatchEvents = 20;
        await harness.StartServerAsync();
        harness.Agent.Start();
        harness.Agent.Record(Crossings.Arrivals("before", 300));
        await harness.Ledger.WaitUntilAsync(l => l.Durable(AgentHarness.Checkpoint, AgentHarness.Terminal) >= 100);

        await harness.StopServerAsync();
        harness.Agent.Record(Crossings.Arrivals("during", 200));
        await harness.WaitForAsync(s => !s.Connected);
        await harness.StartServerAsync();
        await harness.DrainAsync();

        var expected = Crossings.Arrivals("before", 300).Concat(Crossings.Arrivals("during", 200)).Select(e => e.EventId);
        Assert.Equal(expected, harness.CountedIds());
        Assert.True(harness.Agent.GetStatus().Connects >= 2);
    }

    [Fact]
    public async Task A_gap_is_logged_and_the_agent_resumes_from_the_servers_next_sequence()
    {
        await using var harness = new AgentHarness();
        harness.Behavior.MaxBatchEvents = 50;
        harness.Behavior.At(5, IngestFault.LoseLast100); // before batch 5 (201–250) the server forgets 101–200
        await harness.StartServerAsync();
        harness.Agent.Record(Crossings.Arrivals("g", 400));

        harness.Agent.Start();
        await harness.DrainAsync();

        Assert.Equal(Crossings.Arrivals("g", 400).Select(e => e.EventId), harness.CountedIds());
        // The gap is logged from FAILED_PRECONDITION ("expected sequence 101"), or — when the client saw
        // the server's reset of the request stream before the status — from the next open.
        Assert.True(
            harness.Logger.Entries.Any(e => e.Level >= LogLevel.Warning && e.Message.Contains("101", StringComparison.Ordinal)
                && (e.Message.Contains("disagree", StringComparison.Ordinal) || e.Message.Contains("although it had acknowledged", StringComparison.Ordinal))),
            string.Join("\n", harness.Logger.Entries));
        var resumed = harness.Ledger.Streams[1];
        Assert.Equal((101UL, 101UL), (resumed.NextSequence, resumed.FirstSequenceSent));
    }

    [Fact]
    public async Task A_new_outbox_numbers_after_what_the_server_already_has_from_this_terminal()
    {
        await using var harness = new AgentHarness();
        harness.Ledger.SetDurable(AgentHarness.Checkpoint, AgentHarness.Terminal, 500);
        await harness.StartServerAsync();
        harness.Agent.Record(Crossings.Arrivals("new", 10));

        harness.Agent.Start();
        await harness.DrainAsync();

        Assert.Equal(Enumerable.Range(501, 10).Select(i => (ulong)i), harness.Ledger.Counted.Select(e => e.Sequence));
        Assert.Equal(510UL, harness.Outbox.LastSequence);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("renumbered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rejected_events_are_counted_as_settled_and_kept_with_field_and_reason()
    {
        await using var harness = new AgentHarness();
        await harness.StartServerAsync();
        var events = Crossings.Arrivals("r", 5);
        events[2].Nationality = "ve";

        harness.Agent.Record(events);
        harness.Agent.Start();
        await harness.DrainAsync();

        var status = harness.Agent.GetStatus();
        Assert.Equal((4L, 1L, 0L), (status.Accepted, status.Rejected, status.Backlog));
        var rejection = Assert.Single(harness.Outbox.Rejections());
        Assert.Equal((3UL, "r-3", "nationality"), (rejection.Sequence, rejection.EventId, rejection.Field));
        Assert.Contains(harness.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batches_keep_to_the_servers_max_batch_events()
    {
        await using var harness = new AgentHarness();
        harness.Behavior.MaxBatchEvents = 7;
        await harness.StartServerAsync();

        harness.Agent.Record(Crossings.Arrivals("b", 100));
        harness.Agent.Start();
        await harness.DrainAsync();

        Assert.Equal(100, harness.CountedIds().Count);
        Assert.Equal(1, harness.Agent.GetStatus().Connects);
    }

    [Fact]
    public async Task Events_recorded_while_connected_are_sent_as_they_come()
    {
        await using var harness = new AgentHarness();
        await harness.StartServerAsync();
        harness.Agent.Start();
        await harness.WaitForAsync(s => s.Connected);

        for (var i = 1; i <= 5; i++)
        {
            var sequence = harness.Agent.Record(Crossings.Arrival($"live-{i}"));
            using var timeout = new CancellationTokenSource(AgentHarness.Timeout);
            await harness.Agent.WaitUntilAcknowledgedAsync(sequence, timeout.Token);
        }

        Assert.Equal(5, harness.CountedIds().Count);
        Assert.Equal(1, harness.Agent.GetStatus().Connects);
    }

    [Fact]
    public async Task Stopping_half_closes_the_stream_and_leaves_the_rest_in_the_outbox()
    {
        await using var harness = new AgentHarness();
        await harness.StartServerAsync();
        harness.Agent.Record(Crossings.Arrivals("s", 10));
        harness.Agent.Start();
        await harness.DrainAsync();

        using var timeout = new CancellationTokenSource(AgentHarness.Timeout);
        await harness.Agent.StopAsync(timeout.Token);

        var status = harness.Agent.GetStatus();
        Assert.False(status.Connected);
        Assert.Null(status.LastError);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("stream closed", StringComparison.Ordinal));
        harness.Agent.Record(Crossings.Arrival("after-stop"));
        Assert.Equal(1, harness.Outbox.Backlog);
    }

    [Fact]
    public async Task Reconnects_wait_out_an_exponential_backoff_on_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        var options = AgentHarness.FastRetries();
        options.InitialBackoff = TimeSpan.FromSeconds(1);
        options.MaxBackoff = TimeSpan.FromSeconds(8);
        await using var harness = new AgentHarness(options, time);
        harness.Behavior.RefuseOpens(3);
        await harness.StartServerAsync();
        harness.Agent.Start();

        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await harness.WaitForAsync(s => s.RetryAt is not null);
            Assert.Equal(attempt, harness.Behavior.OpenAttempts);
            var delay = harness.Agent.GetStatus().RetryAt!.Value - time.GetUtcNow();
            delays.Add(delay);

            time.Advance(delay - TimeSpan.FromMilliseconds(1));
            Assert.Equal(attempt, harness.Behavior.OpenAttempts);
            time.Advance(TimeSpan.FromMilliseconds(1));
            await harness.WaitForAsync(s => s.RetryAt is null);
        }

        await harness.WaitForAsync(s => s.Connected);
        Assert.Equal(4, harness.Behavior.OpenAttempts);
        Assert.InRange(delays[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(delays[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(delays[2], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }
}

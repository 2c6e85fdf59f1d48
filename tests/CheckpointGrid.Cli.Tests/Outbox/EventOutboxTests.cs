using CheckpointGrid.Cli.Outbox;
using CheckpointGrid.Cli.Tests.Fixtures;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;

namespace CheckpointGrid.Cli.Tests.Outbox;

public sealed class EventOutboxTests : IDisposable
{
    private static readonly CheckpointId Svc = CheckpointId.Parse("PA-DAR-SVC");
    private static readonly TerminalId Svc1 = TerminalId.Parse("svc-1");

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Sequences_are_assigned_at_insert_contiguous_from_one()
    {
        using var outbox = Open();

        Assert.Equal(0UL, outbox.LastSequence);
        Assert.Equal(3UL, outbox.Append(Crossings.Arrivals("a", 3)));
        var single = Crossings.Arrival("b-1");
        Assert.Equal(4UL, outbox.Append(single));
        Assert.Equal(4UL, single.Sequence);
        Assert.Equal(9UL, outbox.Append(Crossings.Arrivals("c", 5)));

        var events = outbox.Read(1, 100, 1 << 20);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (ulong)i), events.Select(e => e.Sequence));
        Assert.Equal(["a-1", "a-2", "a-3", "b-1", "c-1", "c-2", "c-3", "c-4", "c-5"], events.Select(e => e.EventId));
    }

    [Fact]
    public void An_event_without_an_event_id_gets_one()
    {
        using var outbox = Open();
        var crossing = Crossings.Arrival("");

        outbox.Append(crossing);

        Assert.NotEmpty(crossing.EventId);
        Assert.Equal(crossing.EventId, outbox.Read(1, 1, 1 << 20)[0].EventId);
    }

    [Fact]
    public void Events_sequences_and_acks_survive_reopening()
    {
        var path = _directory.File("svc-1.db");
        using (var outbox = EventOutbox.Open(path, Svc, Svc1))
        {
            outbox.Append(Crossings.Arrivals("a", 10));
            outbox.Acknowledge(4, []);
        }

        using var reopened = EventOutbox.Open(path, Svc, Svc1);

        Assert.Equal(10UL, reopened.LastSequence);
        Assert.Equal(4UL, reopened.AcknowledgedThrough);
        Assert.Equal(6, reopened.Backlog);
        Assert.Equal("a-5", reopened.Read(5, 1, 1 << 20)[0].EventId);
        Assert.Equal(11UL, reopened.Append(Crossings.Arrival("b-1")));
    }

    [Fact]
    public void Acknowledged_events_are_not_sent_again()
    {
        var path = _directory.File("svc-1.db");
        using (var outbox = EventOutbox.Open(path, Svc, Svc1))
        {
            outbox.Append(Crossings.Arrivals("a", 10));
            outbox.Acknowledge(6, []);
        }

        using var reopened = EventOutbox.Open(path, Svc, Svc1);
        var resync = reopened.Resync(nextSequence: 7);
        var resend = reopened.Read(resync.NextSequence, 100, 1 << 20);

        Assert.Equal(OutboxResyncKind.InStep, resync.Kind);
        Assert.Equal(["a-7", "a-8", "a-9", "a-10"], resend.Select(e => e.EventId));
    }

    [Fact]
    public void A_next_sequence_past_the_acks_settles_the_events_whose_ack_was_lost()
    {
        using var outbox = Open();
        outbox.Append(Crossings.Arrivals("a", 10));
        outbox.Resync(1);
        outbox.Acknowledge(3, []);

        var resync = outbox.Resync(nextSequence: 8);

        Assert.Equal(OutboxResyncKind.InStep, resync.Kind);
        Assert.Equal(4UL, resync.AckedByOpen);
        Assert.Equal(7UL, outbox.AcknowledgedThrough);
        Assert.Equal(3, outbox.Backlog);
        Assert.Equal([8UL, 9UL, 10UL], outbox.Read(8, 100, 1 << 20).Select(e => e.Sequence));
    }

    [Fact]
    public void A_new_outbox_follows_a_server_that_already_knows_the_terminal()
    {
        using var outbox = Open();
        outbox.Append(Crossings.Arrivals("a", 3));

        var resync = outbox.Resync(nextSequence: 501);

        Assert.Equal(OutboxResyncKind.Adopted, resync.Kind);
        Assert.Equal(3, resync.Renumbered);
        Assert.Equal(503UL, outbox.LastSequence);
        Assert.Equal(500UL, outbox.AcknowledgedThrough);
        var events = outbox.Read(501, 100, 1 << 20);
        Assert.Equal([501UL, 502UL, 503UL], events.Select(e => e.Sequence));
        Assert.Equal(["a-1", "a-2", "a-3"], events.Select(e => e.EventId));
        Assert.Equal(504UL, outbox.Append(Crossings.Arrival("b-1")));
    }

    [Fact]
    public void A_new_outbox_holding_more_events_than_the_server_has_of_its_terminal_sends_them_all_after_the_servers()
    {
        // A second device (or a replaced outbox) with the terminal id of one the server already had 300 events from:
        // its own numbering overlaps the server's, but none of its events was ever sent.
        using var outbox = Open();
        outbox.Append(Crossings.Arrivals("new", 500));

        var resync = outbox.Resync(nextSequence: 301);

        Assert.Equal(OutboxResyncKind.Adopted, resync.Kind);
        Assert.Equal(500, resync.Renumbered);
        Assert.Equal(300UL, outbox.AcknowledgedThrough);
        Assert.Equal(800UL, outbox.LastSequence);
        Assert.Equal(500, outbox.Backlog);
        var events = outbox.Read(301, 1000, 1 << 22);
        Assert.Equal(Crossings.Arrivals("new", 500).Select(e => e.EventId), events.Select(e => e.EventId));
        Assert.Equal(301UL, events[0].Sequence);
    }

    [Fact]
    public void A_server_behind_its_acks_is_sent_the_retained_events_again()
    {
        using var outbox = Open();
        outbox.Append(Crossings.Arrivals("a", 10));
        outbox.Resync(1);
        outbox.Acknowledge(10, []);

        var resync = outbox.Resync(nextSequence: 6);

        Assert.Equal(OutboxResyncKind.ServerBehindResent, resync.Kind);
        Assert.Equal(5, outbox.Backlog);
        Assert.Equal(["a-6", "a-7", "a-8", "a-9", "a-10"], outbox.Read(6, 100, 1 << 20).Select(e => e.EventId));
    }

    [Fact]
    public void A_server_behind_pruned_events_gets_what_is_held_renumbered_to_its_next_sequence()
    {
        using var outbox = Open(new OutboxOptions { RetainAcknowledged = 2 });
        outbox.Append(Crossings.Arrivals("a", 10));
        outbox.Resync(1);
        outbox.Acknowledge(8, []);

        var resync = outbox.Resync(nextSequence: 3);

        Assert.Equal(OutboxResyncKind.ServerBehindLost, resync.Kind);
        Assert.Equal(4, resync.Lost);
        Assert.Equal(["a-7", "a-8", "a-9", "a-10"], outbox.Read(3, 100, 1 << 20).Select(e => e.EventId));
        Assert.Equal(6UL, outbox.LastSequence);
    }

    [Fact]
    public void Acknowledged_events_beyond_the_retention_are_pruned()
    {
        using var outbox = Open(new OutboxOptions { RetainAcknowledged = 3 });
        outbox.Append(Crossings.Arrivals("a", 10));

        outbox.Acknowledge(8, []);

        Assert.Equal("a-6", outbox.Read(6, 100, 1 << 20)[0].EventId);
        Assert.Throws<InvalidOperationException>(() => outbox.Read(5, 100, 1 << 20));
    }

    [Fact]
    public void Read_stops_at_the_event_and_byte_limits_but_returns_at_least_one()
    {
        using var outbox = Open();
        outbox.Append(Crossings.Arrivals("a", 50));

        Assert.Equal(7, outbox.Read(1, 7, 1 << 20).Count);
        var size = outbox.Read(1, 1, 1 << 20)[0].CalculateSize() + 16;
        Assert.Equal(3, outbox.Read(1, 50, (size * 3) + 1).Count);
        Assert.Single(outbox.Read(1, 50, 1));
        Assert.Empty(outbox.Read(51, 50, 1 << 20));
    }

    [Fact]
    public void Rejections_are_kept_with_field_and_reason()
    {
        using var outbox = Open();
        outbox.Append(Crossings.Arrivals("a", 3));

        outbox.Acknowledge(3, [new EventRejection { Sequence = 2, EventId = "a-2", Field = "nationality", Reason = "must be three uppercase letters" }]);

        var rejection = Assert.Single(outbox.Rejections());
        Assert.Equal((2UL, "a-2", "nationality", "must be three uppercase letters"), (rejection.Sequence, rejection.EventId, rejection.Field, rejection.Reason));
        Assert.Equal(1, outbox.RejectionCount());
        Assert.Equal(0, outbox.Backlog);
    }

    [Fact]
    public void An_outbox_belongs_to_one_terminal()
    {
        var path = _directory.File("svc-1.db");
        using (EventOutbox.Open(path, Svc, Svc1))
        {
        }

        var error = Assert.Throws<InvalidOperationException>(() => EventOutbox.Open(path, Svc, TerminalId.Parse("svc-2")));
        Assert.Contains("svc-1", error.Message);
    }

    [Fact]
    public void A_second_process_cannot_open_an_outbox_in_use()
    {
        var path = _directory.File("svc-1.db");
        using var first = EventOutbox.Open(path, Svc, Svc1);
        first.Append(Crossings.Arrival("a-1"));

        var error = Assert.Throws<InvalidOperationException>(() => EventOutbox.Open(path, Svc, Svc1));
        Assert.Contains("in use", error.Message);
    }

    private EventOutbox Open(OutboxOptions? options = null) =>
        EventOutbox.Open(_directory.File($"{Guid.NewGuid():N}.db"), Svc, Svc1, options);
}

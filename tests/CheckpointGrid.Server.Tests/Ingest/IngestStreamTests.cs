using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Testing.Grpc;
using CheckpointGrid.Server.Tests.Fixtures;

namespace CheckpointGrid.Server.Tests.Ingest;

/// <summary>The Ingest stream's exactly-once contract, against the real server and its SQLite store.</summary>
public class IngestStreamTests
{
    private const string Checkpoint = "PA-DAR-SVC";

    [Fact]
    public async Task New_terminal_is_told_to_start_at_1_and_each_batch_is_acked_durable()
    {
        await using var server = await GridServer.StartAsync();
        using var call = await OpenAsync(server, "t-new", expectNext: 1);

        var ack = await SendAsync(call, Events("t-new", 1, 5));

        Assert.Equal(5UL, ack.DurableThroughSequence);
        Assert.Equal(5U, ack.AcceptedEvents);
        Assert.Equal(5UL, (await server.CheckpointCountsAsync(Checkpoint)).Totals.Arrival.People);
    }

    [Fact]
    public async Task Resent_events_are_acked_as_duplicates_and_not_counted_and_a_reopen_resumes_after_the_ack()
    {
        await using var server = await GridServer.StartAsync();
        var events = Events("t-dup", 1, 10);
        using (var first = await OpenAsync(server, "t-dup", expectNext: 1))
        {
            await SendAsync(first, events[..6]);
        }

        using var second = await OpenAsync(server, "t-dup", expectNext: 7);
        var ack = await SendAsync(second, events[3..]);

        Assert.Equal(10UL, ack.DurableThroughSequence);
        Assert.Equal(4U, ack.AcceptedEvents);
        Assert.Equal(3U, ack.DuplicateEvents);
        Assert.Equal(10UL, (await server.CheckpointCountsAsync(Checkpoint)).Totals.Arrival.People);
    }

    [Fact]
    public async Task Gap_is_FAILED_PRECONDITION_naming_the_expected_sequence_and_counts_nothing()
    {
        await using var server = await GridServer.StartAsync();
        using var call = await OpenAsync(server, "t-gap", expectNext: 1);
        await SendAsync(call, Events("t-gap", 1, 3));

        await call.RequestStream.WriteAsync(Batch(Events("t-gap", 6, 2)));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        StatusAssert.Is(StatusCode.FailedPrecondition, error);
        Assert.Contains("expected sequence 4", error.Status.Detail);
        Assert.Equal(3UL, (await server.CheckpointCountsAsync(Checkpoint)).Totals.Arrival.People);
    }

    [Fact]
    public async Task Invalid_event_is_rejected_by_itself_in_the_ack_and_the_stream_goes_on()
    {
        await using var server = await GridServer.StartAsync();
        using var call = await OpenAsync(server, "t-bad", expectNext: 1);
        var events = Events("t-bad", 1, 4);
        events[1].Nationality = "venezuela";

        var ack = await SendAsync(call, events);
        var next = await SendAsync(call, Events("t-bad", 5, 1));

        var rejection = Assert.Single(ack.Rejections);
        Assert.Equal(2UL, rejection.Sequence);
        Assert.Equal("nationality", rejection.Field);
        Assert.Equal(4UL, ack.DurableThroughSequence);
        Assert.Equal(3U, ack.AcceptedEvents);
        Assert.Equal(5UL, next.DurableThroughSequence);
        Assert.Equal(4UL, (await server.CheckpointCountsAsync(Checkpoint)).Totals.Arrival.People);
    }

    [Fact]
    public async Task Same_event_id_from_a_stream_and_from_RecordCrossing_is_counted_once()
    {
        await using var server = await GridServer.StartAsync();
        var events = Events("t-id", 1, 1);
        var single = events[0].Clone();
        single.Sequence = 0;
        Assert.False(await server.RecordAsync(single));

        using var call = await OpenAsync(server, "t-id", expectNext: 1);
        var ack = await SendAsync(call, events);

        Assert.Equal(1U, ack.DuplicateEvents);
        Assert.Equal(1UL, (await server.CheckpointCountsAsync(Checkpoint)).Totals.Arrival.People);
    }

    [Fact]
    public async Task Newer_stream_for_the_same_terminal_aborts_the_older()
    {
        await using var server = await GridServer.StartAsync();
        using var older = await OpenAsync(server, "t-twice", expectNext: 1);
        using var newer = await OpenAsync(server, "t-twice", expectNext: 1);

        await older.RequestStream.WriteAsync(Batch(Events("t-twice", 1, 1)));
        var error = await Assert.ThrowsAsync<RpcException>(() => older.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        StatusAssert.Is(StatusCode.Aborted, error);
        Assert.Equal(1UL, (await SendAsync(newer, Events("t-twice", 1, 1))).DurableThroughSequence);
    }

    [Theory]
    [InlineData("batch-first")]
    [InlineData("unknown-checkpoint")]
    [InlineData("bad-terminal")]
    public async Task Stream_that_does_not_open_properly_is_refused(string how)
    {
        await using var server = await GridServer.StartAsync();
        using var call = server.Channel.Duplex(Rpcs.IngestStream);
        var first = how switch
        {
            "batch-first" => Batch(Events("t", 1, 1)),
            "unknown-checkpoint" => new IngestRequest { Open = new IngestOpen { CheckpointId = "PA-NOPE", TerminalId = "t" } },
            _ => new IngestRequest { Open = new IngestOpen { CheckpointId = Checkpoint, TerminalId = "no spaces allowed" } },
        };

        await call.RequestStream.WriteAsync(first);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        StatusAssert.Is(how == "unknown-checkpoint" ? StatusCode.NotFound : StatusCode.InvalidArgument, error);
    }

    [Fact]
    public async Task Request_with_neither_open_nor_batch_is_INVALID_ARGUMENT_saying_so_first_or_later()
    {
        await using var server = await GridServer.StartAsync();
        using var first = server.Channel.Duplex(Rpcs.IngestStream);
        await first.RequestStream.WriteAsync(new IngestRequest());
        var atOpen = await Assert.ThrowsAsync<RpcException>(() => first.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        using var later = await OpenAsync(server, "t-empty", expectNext: 1);
        await SendAsync(later, Events("t-empty", 1, 2));
        await later.RequestStream.WriteAsync(new IngestRequest());
        var afterBatch = await Assert.ThrowsAsync<RpcException>(() => later.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));

        foreach (var error in new[] { atOpen, afterBatch })
        {
            StatusAssert.Is(StatusCode.InvalidArgument, error);
            Assert.Contains("neither open nor batch", error.Status.Detail);
        }
        Assert.Equal(2UL, (await server.CheckpointCountsAsync(Checkpoint)).Totals.Arrival.People);
    }

    private static async Task<AsyncDuplexStreamingCall<IngestRequest, IngestResponse>> OpenAsync(GridServer server, string terminal, ulong expectNext)
    {
        var call = server.Channel.Duplex(Rpcs.IngestStream);
        await call.RequestStream.WriteAsync(new IngestRequest { Open = new IngestOpen { CheckpointId = Checkpoint, TerminalId = terminal } });
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        Assert.Equal(expectNext, call.ResponseStream.Current.Opened.NextSequence);
        return call;
    }

    private static async Task<IngestAck> SendAsync(AsyncDuplexStreamingCall<IngestRequest, IngestResponse> call, List<CrossingEvent> events)
    {
        await call.RequestStream.WriteAsync(Batch(events));
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(GridServer.Patience));
        return call.ResponseStream.Current.Ack;
    }

    private static IngestRequest Batch(List<CrossingEvent> events)
    {
        var batch = new EventBatch();
        batch.Events.AddRange(events);
        return new IngestRequest { Batch = batch };
    }

    private static List<CrossingEvent> Events(string terminal, ulong first, int count) => Crossings.Sequenced(Checkpoint, terminal, first, count);
}

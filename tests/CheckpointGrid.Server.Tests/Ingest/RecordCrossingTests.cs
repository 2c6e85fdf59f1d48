using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Server.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Server.Tests.Ingest;

/// <summary>RecordCrossing: counted once per event_id, and what it refuses.</summary>
public sealed class RecordCrossingTests
{
    [Fact]
    public async Task Repeated_event_id_is_acknowledged_as_duplicate_and_counted_once()
    {
        await using var server = await GridServer.StartAsync();
        var crossing = Crossings.One("PA-DAR-SVC", Movement.ShelterCheckIn, headcount: 7);

        var first = await server.RecordAsync(crossing);
        var second = await server.RecordAsync(crossing);

        Assert.False(first);
        Assert.True(second);
        ScopeAssert.Matches([crossing], 544, await server.CheckpointCountsAsync("PA-DAR-SVC"), "PA-DAR-SVC");
        ScopeAssert.Matches([crossing], 544, await server.RegionCountsAsync("Darién"), "Darién");
        ScopeAssert.Matches([crossing], 544 + 578, await server.NationalCountsAsync(), "national");
    }

    [Fact]
    public async Task Repeated_event_id_with_other_content_is_still_a_duplicate_and_the_first_content_counts()
    {
        await using var server = await GridServer.StartAsync();
        var crossing = Crossings.One("PA-DAR-SVC", headcount: 3);
        var altered = crossing.Clone();
        altered.Headcount = 900;
        altered.Movement = Movement.Departure;

        Assert.False(await server.RecordAsync(crossing));
        Assert.True(await server.RecordAsync(altered));

        ScopeAssert.Matches([crossing], 544, await server.CheckpointCountsAsync("PA-DAR-SVC"), "PA-DAR-SVC");
    }

    [Fact]
    public async Task Same_event_id_at_another_checkpoint_is_another_event()
    {
        await using var server = await GridServer.StartAsync();
        var atSanVicente = Crossings.One("PA-DAR-SVC", headcount: 2);
        var atMetetí = atSanVicente.Clone();
        atMetetí.CheckpointId = "PA-DAR-MTT";

        Assert.False(await server.RecordAsync(atSanVicente));
        Assert.False(await server.RecordAsync(atMetetí));

        ScopeAssert.Matches([atSanVicente, atMetetí], 544, await server.RegionCountsAsync("Darién"), "Darién");
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_event_count_it_once()
    {
        await using var server = await GridServer.StartAsync();
        var crossing = Crossings.One("PA-CHI-LPG", Movement.ShelterCheckIn, headcount: 5);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => server.RecordAsync(crossing))).WaitAsync(GridServer.Patience);

        Assert.Equal(1, answers.Count(duplicate => !duplicate));
        ScopeAssert.Matches([crossing], 578, await server.RegionCountsAsync("Chiriquí"), "Chiriquí");
    }

    [Theory]
    [InlineData("headcount", "headcount 0")]
    [InlineData("headcount", "headcount 1001")]
    [InlineData("occurred_at", "no occurred_at")]
    [InlineData("occurred_at", "occurred_at an hour ahead")]
    [InlineData("occurred_at", "occurred_at in 1999")]
    [InlineData("nationality", "lowercase nationality")]
    [InlineData("nationality", "two-letter nationality")]
    [InlineData("sequence", "sequence 1")]
    [InlineData("event_id", "no event_id")]
    [InlineData("event_id", "event_id with a space")]
    [InlineData("terminal_id", "no terminal_id")]
    [InlineData("checkpoint_id", "no checkpoint_id")]
    [InlineData("movement", "no movement")]
    [InlineData("direction", "no direction")]
    [InlineData("age_group", "no age_group")]
    [InlineData("sex", "no sex")]
    public async Task Event_that_breaks_a_rule_is_INVALID_ARGUMENT_naming_the_field_and_counts_nothing(string field, string breach)
    {
        await using var server = await GridServer.StartAsync();
        var crossing = Crossings.One("PA-DAR-SVC", headcount: 2);
        switch (breach)
        {
            case "headcount 0": crossing.Headcount = 0; break;
            case "headcount 1001": crossing.Headcount = 1001; break;
            case "no occurred_at": crossing.OccurredAt = null; break;
            case "occurred_at an hour ahead": crossing.OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)); break;
            case "occurred_at in 1999": crossing.OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero)); break;
            case "lowercase nationality": crossing.Nationality = "ven"; break;
            case "two-letter nationality": crossing.Nationality = "VE"; break;
            case "sequence 1": crossing.Sequence = 1; break;
            case "no event_id": crossing.EventId = ""; break;
            case "event_id with a space": crossing.EventId = "event 1"; break;
            case "no terminal_id": crossing.TerminalId = ""; break;
            case "no checkpoint_id": crossing.CheckpointId = ""; break;
            case "no movement": crossing.Movement = Movement.Unspecified; break;
            case "no direction": crossing.Direction = Direction.Unspecified; break;
            case "no age_group": crossing.AgeGroup = AgeGroup.Unspecified; break;
            case "no sex": crossing.Sex = Sex.Unspecified; break;
            default: throw new ArgumentOutOfRangeException(nameof(breach), breach, "no such case");
        }

        var error = await server.FailureOfAsync(Rpcs.RecordCrossing, new RecordCrossingRequest { Event = crossing });

        StatusAssert.Is(StatusCode.InvalidArgument, error, field);
        ScopeAssert.Matches([], 544 + 578, await server.NationalCountsAsync(), "national");
    }

    [Fact]
    public async Task Missing_event_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.RecordCrossing, new RecordCrossingRequest());

        StatusAssert.Is(StatusCode.InvalidArgument, error, "event");
    }

    [Fact]
    public async Task Event_at_a_checkpoint_not_in_the_catalog_is_NOT_FOUND_and_counts_nothing()
    {
        await using var server = await GridServer.StartAsync();

        var error = await server.FailureOfAsync(Rpcs.RecordCrossing, new RecordCrossingRequest { Event = Crossings.One("PA-DAR-XYZ") });

        StatusAssert.Is(StatusCode.NotFound, error, "checkpoint_id");
        ScopeAssert.Matches([], 544 + 578, await server.NationalCountsAsync(), "national");
    }

    [Fact]
    public async Task Closed_checkpoint_still_takes_events()
    {
        await using var server = await GridServer.StartAsync();
        var crossing = Crossings.One("PA-DAR-LJB", headcount: 12);

        Assert.False(await server.RecordAsync(crossing));

        ScopeAssert.Matches([crossing], null, await server.CheckpointCountsAsync("PA-DAR-LJB"), "PA-DAR-LJB");
    }
}

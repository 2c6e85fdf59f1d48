using CheckpointGrid.Testing;
using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Server.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Server.Tests.Query;

/// <summary>TopNationalities: order, limits, movement, scope and window.</summary>
public sealed class TopNationalitiesTests
{
    private static readonly Scope National = new() { National = new Empty() };

    // Arrivals by nationality, split over two checkpoints of Darién and one of Chiriquí; HTI and ECU tie.
    private static readonly (string Nationality, uint People)[] Arrivals =
    [
        ("VEN", 300), ("HTI", 120), ("ECU", 120), ("COL", 90), ("CHN", 80), ("IND", 70),
        ("AFG", 60), ("CMR", 50), ("PER", 40), ("CUB", 30), ("BRA", 20), ("OOO", 10),
    ];

    private static async Task<List<CrossingEvent>> RecordArrivalsAsync(GridServer server, DateTimeOffset occurredAt)
    {
        string[] checkpoints = ["PA-DAR-SVC", "PA-DAR-MTT", "PA-CHI-PCN"];
        var events = new List<CrossingEvent>();
        foreach (var (nationality, people) in Arrivals)
        {
            // Split each nationality's people over the checkpoints so that no single event decides the ranking.
            var share = people / 10;
            for (var i = 0; i < 10; i++)
            {
                events.Add(Crossings.One(checkpoints[i % checkpoints.Length], Movement.Arrival, share, nationality, occurredAt));
            }
        }

        foreach (var crossing in events)
        {
            await server.RecordAsync(crossing);
        }

        return events;
    }

    private static string Ranking(TopNationalitiesResponse response) =>
        string.Join(",", response.Nationalities.Select(n => $"{n.Nationality}={n.People}"));

    [Fact]
    public async Task Ranks_by_people_descending_with_ties_by_code_and_limits_to_10_by_default()
    {
        await using var server = await GridServer.StartAsync();
        await RecordArrivalsAsync(server, DateTimeOffset.UtcNow);

        var top = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National });

        Assert.Equal("VEN=300,ECU=120,HTI=120,COL=90,CHN=80,IND=70,AFG=60,CMR=50,PER=40,CUB=30", Ranking(top));
        Assert.Equal(990ul, top.TotalPeople);
        Assert.Equal(30ul, top.OtherPeople);
    }

    [Theory]
    [InlineData(1u, "VEN=300")]
    [InlineData(3u, "VEN=300,ECU=120,HTI=120")]
    [InlineData(12u, "VEN=300,ECU=120,HTI=120,COL=90,CHN=80,IND=70,AFG=60,CMR=50,PER=40,CUB=30,BRA=20,OOO=10")]
    [InlineData(251u, "VEN=300,ECU=120,HTI=120,COL=90,CHN=80,IND=70,AFG=60,CMR=50,PER=40,CUB=30,BRA=20,OOO=10")]
    [InlineData(uint.MaxValue, "VEN=300,ECU=120,HTI=120,COL=90,CHN=80,IND=70,AFG=60,CMR=50,PER=40,CUB=30,BRA=20,OOO=10")]
    public async Task Limit_caps_the_list_and_the_rest_is_other_people(uint limit, string expected)
    {
        await using var server = await GridServer.StartAsync();
        await RecordArrivalsAsync(server, DateTimeOffset.UtcNow);

        var top = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National, Limit = limit });

        Assert.Equal(expected, Ranking(top));
        Assert.Equal(990ul, top.TotalPeople);
        Assert.Equal(top.TotalPeople - (ulong)top.Nationalities.Sum(n => (long)n.People), top.OtherPeople);
    }

    [Fact]
    public async Task Region_and_checkpoint_scopes_rank_only_their_own_people()
    {
        await using var server = await GridServer.StartAsync();
        var events = await RecordArrivalsAsync(server, DateTimeOffset.UtcNow);

        var chiriquí = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = new Scope { Region = "Chiriquí" }, Limit = 250 });
        var svc = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = new Scope { CheckpointId = "PA-DAR-SVC" }, Limit = 250 });

        Assert.Equal(ExpectedRanking(events.Where(e => e.CheckpointId == "PA-CHI-PCN")), Ranking(chiriquí));
        Assert.Equal(ExpectedRanking(events.Where(e => e.CheckpointId == "PA-DAR-SVC")), Ranking(svc));
    }

    [Fact]
    public async Task Movement_selects_whose_people_are_ranked_and_unspecified_means_arrival()
    {
        await using var server = await GridServer.StartAsync();
        await RecordArrivalsAsync(server, DateTimeOffset.UtcNow);
        await server.RecordAsync(Crossings.One("PA-COL-MRM", Movement.Departure, 7, "COL"));
        await server.RecordAsync(Crossings.One("PA-COL-MRM", Movement.Departure, 9, "VEN"));

        var departures = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National, Movement = Movement.Departure });
        var unspecified = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National });
        var arrivals = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National, Movement = Movement.Arrival });

        Assert.Equal("VEN=9,COL=7", Ranking(departures));
        Assert.Equal(16ul, departures.TotalPeople);
        Assert.Equal(0ul, departures.OtherPeople);
        Assert.Equal(arrivals, unspecified);
    }

    [Fact]
    public async Task Window_counts_whole_Panama_days_from_the_start_times_day()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await RecordArrivalsAsync(server, now);
        // 30 hours back is always an earlier Panama day than now.
        await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.Arrival, 500, "CUB", now.AddHours(-30)));

        var today = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National, Limit = 1, StartTime = Timestamp.FromDateTimeOffset(now) });
        var untilToday = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National, Limit = 1, EndTime = Timestamp.FromDateTimeOffset(now.AddHours(-29)) });
        var allTime = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National, Limit = 1 });

        Assert.Equal(("VEN=300", 990ul), (Ranking(today), today.TotalPeople));
        Assert.Equal(("CUB=500", 500ul), (Ranking(untilToday), untilToday.TotalPeople));
        Assert.Equal(("CUB=530", 1490ul), (Ranking(allTime), allTime.TotalPeople));
    }

    [Fact]
    public async Task Limit_above_250_is_treated_as_250()
    {
        await using var server = await GridServer.StartAsync();
        // 260 nationalities, "AAA" with 260 people down to "AJZ" with 1.
        var codes = Enumerable.Range(0, 260).Select(i => $"A{(char)('A' + (i / 26))}{(char)('A' + (i % 26))}").ToList();
        for (var i = 0; i < codes.Count; i++)
        {
            await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.Arrival, (uint)(260 - i), codes[i]));
        }

        var top = await server.CallAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = National, Limit = 1000 });

        Assert.Equal(codes.Take(250), top.Nationalities.Select(n => n.Nationality));
        Assert.Equal((ulong)(260 * 261 / 2), top.TotalPeople);
        Assert.Equal(55ul, top.OtherPeople);
    }

    [Fact]
    public async Task Window_starting_before_the_400_days_kept_is_OUT_OF_RANGE()
    {
        await using var server = await GridServer.StartAsync();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-500);
        await server.RecordAsync(Crossings.One("PA-DAR-SVC", Movement.Arrival, 25, "CUB", longAgo));

        var error = await server.FailureOfAsync(Rpcs.TopNationalities, new TopNationalitiesRequest
        {
            Scope = National,
            StartTime = Timestamp.FromDateTimeOffset(longAgo.AddDays(-1)),
            EndTime = Timestamp.FromDateTimeOffset(longAgo.AddDays(1)),
        });

        StatusAssert.Is(StatusCode.OutOfRange, error, "start_time");
    }

    [Fact]
    public async Task Window_ending_before_it_starts_is_INVALID_ARGUMENT()
    {
        await using var server = await GridServer.StartAsync();
        var now = DateTimeOffset.UtcNow;

        var error = await server.FailureOfAsync(Rpcs.TopNationalities, new TopNationalitiesRequest
        {
            Scope = National,
            StartTime = Timestamp.FromDateTimeOffset(now),
            EndTime = Timestamp.FromDateTimeOffset(now.AddDays(-1)),
        });

        StatusAssert.Is(StatusCode.InvalidArgument, error, "end_time");
    }

    [Fact]
    public async Task Missing_scope_is_INVALID_ARGUMENT_and_unknown_targets_are_NOT_FOUND()
    {
        await using var server = await GridServer.StartAsync();

        var missing = await server.FailureOfAsync(Rpcs.TopNationalities, new TopNationalitiesRequest());
        var checkpoint = await server.FailureOfAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = new Scope { CheckpointId = "PA-DAR-XYZ" } });
        var region = await server.FailureOfAsync(Rpcs.TopNationalities, new TopNationalitiesRequest { Scope = new Scope { Region = "Veraguas" } });

        StatusAssert.Is(StatusCode.InvalidArgument, missing, "scope");
        StatusAssert.Is(StatusCode.NotFound, checkpoint, "checkpoint_id");
        StatusAssert.Is(StatusCode.NotFound, region, "region");
    }

    private static string ExpectedRanking(IEnumerable<CrossingEvent> events) => string.Join(",", events
        .GroupBy(e => e.Nationality)
        .Select(g => (Code: g.Key, People: g.Sum(e => (long)e.Headcount)))
        .OrderByDescending(n => n.People)
        .ThenBy(n => n.Code, StringComparer.Ordinal)
        .Select(n => $"{n.Code}={n.People}"));
}

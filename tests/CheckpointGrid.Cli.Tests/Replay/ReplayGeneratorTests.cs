using CheckpointGrid.Cli.Data;
using CheckpointGrid.Cli.Replay;
using CheckpointGrid.Cli.Sources;
using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Tests.Replay;

public sealed class ReplayGeneratorTests
{
    private static readonly ReplayOptions Options = new() { Terminals = ReplayOptions.TerminalsAt(ReplayOptions.DefaultCheckpoints, 2) };

    [Theory]
    [InlineData(2023, 9)]
    [InlineData(2021, 3)]
    [InlineData(2021, 11)]
    [InlineData(2022, 10)]
    [InlineData(2024, 12)]
    [InlineData(2025, 4)]
    public void A_months_events_sum_exactly_to_its_row_by_sex_and_age(int year, int month)
    {
        var row = SnmMonthlyTable.Find(SnmMonthlyTable.Embedded, year, month);

        var events = ReplayGenerator.Generate(row, SnmNationalityTable.Embedded, Options).Events.Select(e => e.Event).ToList();

        Assert.Equal(row.Total, events.Sum(e => (long)e.Headcount));
        Assert.Equal(row.Men, People(events, Sex.Male, minor: false));
        Assert.Equal(row.Women, People(events, Sex.Female, minor: false));
        Assert.Equal(row.Boys, People(events, Sex.Male, minor: true));
        Assert.Equal(row.Girls, People(events, Sex.Female, minor: true));
        Assert.DoesNotContain(events, e => e.Sex == Sex.Unknown || e.AgeGroup == AgeGroup.Unknown);
    }

    [Theory]
    [InlineData(2023, 9)]
    [InlineData(2021, 3)]
    [InlineData(2021, 11)]
    [InlineData(2022, 10)]
    [InlineData(2024, 12)]
    [InlineData(2025, 4)]
    public void A_months_events_sum_exactly_to_its_row_by_nationality(int year, int month)
    {
        var row = SnmMonthlyTable.Find(SnmMonthlyTable.Embedded, year, month);

        var events = ReplayGenerator.Generate(row, SnmNationalityTable.Embedded, Options).Events.Select(e => e.Event).ToList();
        var byNationality = events.GroupBy(e => e.Nationality).ToDictionary(g => g.Key, g => g.Sum(e => (long)e.Headcount));

        Assert.Equal(row.Venezuela, byNationality.GetValueOrDefault("VEN"));
        Assert.Equal(row.Ecuador, byNationality.GetValueOrDefault("ECU"));
        Assert.Equal(row.Haiti, byNationality.GetValueOrDefault("HTI"));
        Assert.Equal(row.Colombia, byNationality.GetValueOrDefault("COL"));
        Assert.Equal(row.China, byNationality.GetValueOrDefault("CHN"));
        var others = byNationality.Where(p => !SnmMonth.NamedNationalities.Contains(p.Key)).ToDictionary();
        Assert.Equal(row.Other, others.Values.Sum());
        // "other" is the long form's remaining nationalities for that month, exactly.
        var longForm = SnmNationalityTable.Embedded.ForMonth(year, month)
            .Where(n => !SnmMonth.NamedNationalities.Contains(n.Nationality) && n.People > 0)
            .ToDictionary(n => n.Nationality, n => (long)n.People);
        Assert.Equal(longForm.OrderBy(p => p.Key), others.OrderBy(p => p.Key));
    }

    [Fact]
    public void September_2023_has_its_minors_and_a_2021_month_has_none()
    {
        var september = Generate(2023, 9);
        var march2021 = Generate(2021, 3);

        Assert.Equal(17_106, september.Where(e => IsMinor(e.AgeGroup)).Sum(e => (long)e.Headcount));
        Assert.Contains(september, e => e.AgeGroup == AgeGroup.Ages0To4);
        Assert.DoesNotContain(march2021, e => IsMinor(e.AgeGroup));
    }

    [Fact]
    public void Events_are_northbound_arrivals_at_the_stations_within_the_month()
    {
        var replayed = ReplayGenerator.Generate(SnmMonthlyTable.Find(SnmMonthlyTable.Embedded, 2024, 2), SnmNationalityTable.Embedded, Options);
        var panama = TimeSpan.FromHours(-5);

        Assert.All(replayed.Events, item =>
        {
            var e = item.Event;
            Assert.Equal(Movement.Arrival, e.Movement);
            Assert.Equal(Direction.Northbound, e.Direction);
            Assert.Contains(item.Terminal, Options.Terminals);
            Assert.Equal(item.Terminal.Checkpoint.Value, e.CheckpointId);
            var local = e.OccurredAt.ToDateTimeOffset().ToOffset(panama);
            Assert.Equal((2024, 2), (local.Year, local.Month));
            Assert.InRange(e.Headcount, 1u, 6u);
        });
        Assert.Equal(29, replayed.Events.Select(e => e.Event.OccurredAt.ToDateTimeOffset().ToOffset(panama).Day).Distinct().Count());
        Assert.Equal(replayed.Events.Count, replayed.Events.Select(e => e.Event.EventId).Distinct().Count());
        Assert.True(replayed.Events.Zip(replayed.Events.Skip(1)).All(p => p.First.Event.OccurredAt <= p.Second.Event.OccurredAt), "events in time order");
        Assert.Equal(4, replayed.Events.Select(e => e.Terminal).Distinct().Count());
    }

    [Fact]
    public void Most_events_are_one_person_and_some_are_families()
    {
        var events = Generate(2023, 9);

        var single = events.Count(e => e.Headcount == 1) / (double)events.Count;
        Assert.InRange(single, 0.6, 0.8);
        Assert.Contains(events, e => e.Headcount >= 4);
    }

    [Fact]
    public void Replay_is_deterministic()
    {
        var first = Generate(2022, 7);
        var second = Generate(2022, 7);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Other_is_OOO_when_the_month_has_no_long_form()
    {
        var row = new SnmMonth(2030, 1, 100, 60, 30, 6, 4, 10, 10, 10, 10, 10, 50);
        using var header = new StringReader("year,month,nat,n\n");

        var replayed = ReplayGenerator.Generate(row, SnmNationalityTable.Read(header), Options);

        Assert.Equal(OtherNationalities.Basis.Placeholder, replayed.OtherBasis);
        Assert.Equal(50, replayed.Events.Where(e => e.Event.Nationality == "OOO").Sum(e => (long)e.Event.Headcount));
        Assert.Equal(100, replayed.Events.Sum(e => (long)e.Event.Headcount));
    }

    [Fact]
    public void Other_is_scaled_over_the_long_form_when_it_sums_differently()
    {
        var row = new SnmMonth(2030, 1, 100, 100, 0, 0, 0, 0, 0, 0, 0, 0, 100);
        using var table = new StringReader("year,month,nat,n\n2030,1,PER,30\n2030,1,AFG,10\n");

        var replayed = ReplayGenerator.Generate(row, SnmNationalityTable.Read(table), Options);

        Assert.Equal(OtherNationalities.Basis.LongFormScaled, replayed.OtherBasis);
        Assert.Equal(75, replayed.Events.Where(e => e.Event.Nationality == "PER").Sum(e => (long)e.Event.Headcount));
        Assert.Equal(25, replayed.Events.Where(e => e.Event.Nationality == "AFG").Sum(e => (long)e.Event.Headcount));
    }

    [Fact]
    public void A_row_that_does_not_add_up_is_refused()
    {
        using var table = new StringReader("year,month,total,men,women,boys,girls,minors,VEN,ECU,HTI,COL,CHN,other\n2023,9,100,50,40,5,4,9,100,0,0,0,0,0\n");

        var error = Assert.Throws<FormatException>(() => SnmMonthlyTable.Read(table));
        Assert.Contains("Line 2", error.Message);
    }

    [Fact]
    public void The_embedded_table_covers_2021_01_to_2025_04_with_the_published_annual_totals()
    {
        var rows = SnmMonthlyTable.Embedded;

        Assert.Equal(52, rows.Count);
        Assert.Equal(133_726, rows.Where(r => r.Year == 2021).Sum(r => r.Total));
        Assert.Equal(248_284, rows.Where(r => r.Year == 2022).Sum(r => r.Total));
        Assert.Equal(520_085, rows.Where(r => r.Year == 2023).Sum(r => r.Total));
        Assert.Equal(302_203, rows.Where(r => r.Year == 2024).Sum(r => r.Total));
    }

    [Fact]
    public void A_month_not_yet_begun_cannot_be_replayed()
    {
        var row = new SnmMonth(2030, 1, 10, 10, 0, 0, 0, 10, 0, 0, 0, 0, 0);
        var options = new ReplayOptions { Terminals = Options.Terminals, NotAfter = new DateTimeOffset(2029, 12, 31, 0, 0, 0, TimeSpan.Zero) };

        Assert.Throws<ArgumentException>(() => ReplayGenerator.Generate(row, SnmNationalityTable.Embedded, options));
    }

    private static List<CrossingEvent> Generate(int year, int month) =>
        [.. ReplayGenerator.Generate(SnmMonthlyTable.Find(SnmMonthlyTable.Embedded, year, month), SnmNationalityTable.Embedded, Options).Events.Select(e => e.Event)];

    private static long People(List<CrossingEvent> events, Sex sex, bool minor) =>
        events.Where(e => e.Sex == sex && IsMinor(e.AgeGroup) == minor).Sum(e => (long)e.Headcount);

    private static bool IsMinor(AgeGroup group) => new Demographic(Sex.Unknown, group).IsMinor;
}

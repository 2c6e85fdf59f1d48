using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Core.Tests.Fixtures;

namespace CheckpointGrid.Core.Tests.Counting;

/// <summary>Top nationalities rank people of one movement, ties by code, over all time or whole Panama days.</summary>
public class TopNationalitiesTests
{
    private static readonly DateTimeOffset Now = Crossings.Utc(2025, 6, 15, 12, 34);

    [Fact]
    public void Nationalities_rank_by_people_then_code_with_the_rest_as_other()
    {
        var counter = Counter(("VEN", 5), ("HTI", 9), ("ECU", 5), ("CHN", 1), ("OOO", 2));

        var top = counter.TopNationalities(3, Movement.Arrival, null, null, Now);

        Assert.Equal(["HTI", "ECU", "VEN"], top.Nationalities.Select(n => n.Nationality));
        Assert.Equal([9UL, 5UL, 5UL], top.Nationalities.Select(n => n.People));
        Assert.Equal(22UL, top.TotalPeople);
        Assert.Equal(3UL, top.OtherPeople);
    }

    [Fact]
    public void Limit_zero_means_ten_and_large_limits_mean_all_up_to_250()
    {
        var many = new (string, uint)[300];
        for (var i = 0; i < many.Length; i++)
        {
            many[i] = ($"{(char)('A' + (i / 26 % 26))}{(char)('A' + (i % 26))}Z", 1);
        }

        var counter = Counter(many);

        Assert.Equal(10, counter.TopNationalities(0, Movement.Arrival, null, null, Now).Nationalities.Count);
        Assert.Equal(250, counter.TopNationalities(1000, Movement.Arrival, null, null, Now).Nationalities.Count);
        Assert.Equal(50UL, counter.TopNationalities(1000, Movement.Arrival, null, null, Now).OtherPeople);
    }

    [Fact]
    public void An_unspecified_movement_ranks_arrivals_and_other_movements_rank_their_own()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(movement: Movement.Arrival, nationality: "VEN", headcount: 2), Now);
        counter.Apply(Crossings.Make(movement: Movement.RepatriationBoarding, nationality: "IND", headcount: 7), Now);

        Assert.Equal("VEN", Assert.Single(counter.TopNationalities(10, Movement.Unspecified, null, null, Now).Nationalities).Nationality);
        Assert.Equal("IND", Assert.Single(counter.TopNationalities(10, Movement.RepatriationBoarding, null, null, Now).Nationalities).Nationality);
        Assert.Empty(counter.TopNationalities(10, Movement.Departure, null, null, Now).Nationalities);
    }

    [Fact]
    public void A_window_counts_whole_Panama_days()
    {
        var counter = new ScopeCounter();
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 10, 4), nationality: "AAA"), Now);   // Panama day 9 June
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 10, 6), nationality: "BBB"), Now);   // 10 June
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 12, 3), nationality: "CCC"), Now);   // 11 June
        counter.Apply(Crossings.Make(Crossings.Utc(2025, 6, 14, 6), nationality: "DDD"), Now);   // 14 June

        // 10 June 12:00 rounds down to 10 June 05:00Z; 11 June 06:00 rounds up to 12 June 05:00Z.
        var window = counter.TopNationalities(10, Movement.Arrival, Crossings.Utc(2025, 6, 10, 12), Crossings.Utc(2025, 6, 11, 6), Now);
        var untilEnd = counter.TopNationalities(10, Movement.Arrival, null, Crossings.Utc(2025, 6, 11, 6), Now);
        var fromStart = counter.TopNationalities(10, Movement.Arrival, Crossings.Utc(2025, 6, 10, 12), null, Now);

        Assert.Equal(["BBB", "CCC"], window.Nationalities.Select(n => n.Nationality));
        Assert.Equal(["AAA", "BBB", "CCC"], untilEnd.Nationalities.Select(n => n.Nationality));
        Assert.Equal(["BBB", "CCC", "DDD"], fromStart.Nationalities.Select(n => n.Nationality));
    }

    [Fact]
    public void An_end_not_after_the_start_is_an_invalid_argument()
    {
        var error = Assert.Throws<QueryArgumentException>(() => new ScopeCounter().TopNationalities(10, Movement.Arrival, Now, Now, Now));

        Assert.Equal("end_time", error.Field);
        Assert.False(error.IsOutOfRange);
    }

    [Fact]
    public void A_window_starting_before_the_days_kept_is_out_of_range()
    {
        var error = Assert.Throws<QueryArgumentException>(() => new ScopeCounter().TopNationalities(10, Movement.Arrival, Now.AddDays(-401), null, Now));

        Assert.True(error.IsOutOfRange);
        Assert.Equal("start_time", error.Field);
    }

    private static ScopeCounter Counter(params (string Nationality, uint People)[] people)
    {
        var counter = new ScopeCounter();
        foreach (var (nationality, headcount) in people)
        {
            counter.Apply(Crossings.Make(Now.AddHours(-1), nationality: nationality, headcount: headcount), Now);
        }

        return counter;
    }
}

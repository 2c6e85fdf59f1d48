using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Core.Tests.Fixtures;

namespace CheckpointGrid.Core.Tests.Counting;

/// <summary>A tally counts people (headcounts) per movement, in every breakdown, and adds up with other tallies.</summary>
public class TallyTests
{
    [Fact]
    public void An_event_counts_its_headcount_in_every_breakdown_of_its_movement_only()
    {
        var tally = new Tally();

        tally.Add(Crossings.Make(Crossings.Now, Movement.Departure, Direction.Southbound, "HTI", AgeGroup.Ages5To11, Sex.Male, headcount: 3));

        Assert.Equal(3UL, tally.People(Movement.Departure));
        Assert.Equal(3UL, tally.People(Movement.Departure, Direction.Southbound));
        Assert.Equal(0UL, tally.People(Movement.Departure, Direction.Northbound));
        Assert.Equal(3UL, tally.People(Movement.Departure, AgeGroup.Ages5To11));
        Assert.Equal(3UL, tally.People(Movement.Departure, Sex.Male));
        Assert.Equal(3UL, tally.People(Movement.Departure, "HTI"));
        Assert.Equal(0UL, tally.People(Movement.Departure, "VEN"));
        Assert.Equal(0UL, tally.People(Movement.Arrival));
        Assert.Equal(0UL, tally.People(Movement.Arrival, "HTI"));
    }

    [Fact]
    public void Every_dimension_value_has_its_own_counter()
    {
        var tally = new Tally();
        var n = 1u;
        foreach (var movement in new[] { Movement.Arrival, Movement.Departure, Movement.ShelterCheckIn, Movement.ShelterCheckOut, Movement.RepatriationBoarding })
        {
            foreach (var direction in new[] { Direction.Northbound, Direction.Southbound })
            {
                foreach (var age in new[] { AgeGroup.Ages0To4, AgeGroup.Ages5To11, AgeGroup.Ages12To17, AgeGroup.Ages18To59, AgeGroup.Ages60Plus, AgeGroup.Unknown })
                {
                    foreach (var sex in new[] { Sex.Female, Sex.Male, Sex.Unknown })
                    {
                        tally.Add(Crossings.Make(Crossings.Now, movement, direction, "COL", age, sex, n++));
                    }
                }
            }
        }

        var counts = tally.ToProto();

        // Headcounts 1..180 in nested order: each breakdown value sums a known arithmetic subset.
        Assert.Equal(Sum(1, 36), counts.Arrival.People);
        Assert.Equal(Sum(1, 18), counts.Arrival.ByDirection.Northbound);
        Assert.Equal(Sum(19, 36), counts.Arrival.ByDirection.Southbound);
        Assert.Equal(1UL + 2 + 3 + 19 + 20 + 21, counts.Arrival.ByAgeGroup.Ages0To4);
        Assert.Equal(16UL + 17 + 18 + 34 + 35 + 36, counts.Arrival.ByAgeGroup.Unknown);
        Assert.Equal(Step(1, 36, 3), counts.Arrival.BySex.Female);
        Assert.Equal(Step(3, 36, 3), counts.Arrival.BySex.Unknown);
        Assert.Equal(Sum(145, 180), counts.RepatriationBoarding.People);
        Assert.Equal(Sum(145, 180), counts.RepatriationBoarding.ByNationality["COL"]);
        Assert.Equal(Sum(73, 108), tally.People(Movement.ShelterCheckIn));
        Assert.Equal(Sum(109, 126), tally.People(Movement.ShelterCheckOut, Direction.Northbound));
        Assert.Equal(Step(38, 72, 3), tally.People(Movement.Departure, Sex.Male));
        AssertBreakdownsSumToPeople(counts);
    }

    [Fact]
    public void Nationalities_are_keyed_by_code_per_movement_and_zero_codes_are_absent()
    {
        var tally = new Tally();
        tally.Add(Crossings.Make(movement: Movement.Arrival, nationality: "VEN", headcount: 4));
        tally.Add(Crossings.Make(movement: Movement.Arrival, nationality: "OOO", headcount: 2));
        tally.Add(Crossings.Make(movement: Movement.Departure, nationality: "ECU", headcount: 1));

        var counts = tally.ToProto();

        Assert.Equal(new Dictionary<string, ulong> { ["VEN"] = 4, ["OOO"] = 2 }, counts.Arrival.ByNationality);
        Assert.Equal(new Dictionary<string, ulong> { ["ECU"] = 1 }, counts.Departure.ByNationality);
        Assert.Empty(tally.ToProto(includeNationalities: false).Arrival.ByNationality);
    }

    [Fact]
    public void Adding_tallies_sums_them_and_order_does_not_matter()
    {
        var a = new Tally();
        var b = new Tally();
        a.Add(Crossings.Make(nationality: "VEN", headcount: 2));
        b.Add(Crossings.Make(nationality: "HTI", movement: Movement.ShelterCheckIn, headcount: 5));
        b.Add(Crossings.Make(nationality: "VEN", headcount: 1));

        var ab = new Tally();
        ab.Add(a);
        ab.Add(b);
        var ba = new Tally();
        ba.Add(b);
        ba.Add(a);

        Assert.Equal(ab, ba);
        Assert.Equal(ab.GetHashCode(), ba.GetHashCode());
        Assert.Equal(3UL, ab.People(Movement.Arrival, "VEN"));
        Assert.Equal(5UL, ab.People(Movement.ShelterCheckIn, "HTI"));
        Assert.NotEqual(a, ab);
    }

    [Fact]
    public void A_tally_survives_the_round_trip_through_counts()
    {
        var tally = new Tally();
        tally.Add(Crossings.Make(movement: Movement.ShelterCheckOut, nationality: "CHN", ageGroup: AgeGroup.Ages60Plus, sex: Sex.Unknown, headcount: 9));
        tally.Add(Crossings.Make(nationality: "VEN", direction: Direction.Southbound, headcount: 1000));

        Assert.Equal(tally, Tally.FromProto(tally.ToProto()));
        Assert.True(Tally.FromProto(new Counts()).IsEmpty);
    }

    [Fact]
    public void Counts_with_a_malformed_nationality_code_are_refused()
    {
        var counts = new Tally().ToProto();
        counts.Arrival.ByNationality["ve"] = 1;

        Assert.Throws<FormatException>(() => Tally.FromProto(counts));
    }

    [Fact]
    public void An_event_that_was_not_validated_is_refused_rather_than_miscounted()
    {
        var tally = new Tally();

        Assert.Throws<ArgumentException>(() => tally.Add(Crossings.Make(nationality: "ve")));
        Assert.Throws<ArgumentException>(() => tally.Add(Crossings.Make(movement: Movement.Unspecified)));
        Assert.Throws<ArgumentException>(() => tally.Add(Crossings.Make(headcount: 0)));
        Assert.True(tally.IsEmpty);
    }

    [Fact]
    public void Adding_an_event_of_a_known_nationality_allocates_nothing()
    {
        var tally = new Tally();
        var crossing = Crossings.Make(nationality: "VEN");
        tally.Add(crossing);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            tally.Add(crossing);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001UL, tally.People(Movement.Arrival));
    }

    internal static void AssertBreakdownsSumToPeople(Counts counts)
    {
        foreach (var m in new[] { counts.Arrival, counts.Departure, counts.ShelterCheckIn, counts.ShelterCheckOut, counts.RepatriationBoarding })
        {
            Assert.Equal(m.People, m.ByDirection.Northbound + m.ByDirection.Southbound);
            Assert.Equal(m.People, m.ByAgeGroup.Ages0To4 + m.ByAgeGroup.Ages5To11 + m.ByAgeGroup.Ages12To17 + m.ByAgeGroup.Ages18To59 + m.ByAgeGroup.Ages60Plus + m.ByAgeGroup.Unknown);
            Assert.Equal(m.People, m.BySex.Female + m.BySex.Male + m.BySex.Unknown);
            Assert.Equal(m.People, m.ByNationality.Values.Aggregate(0UL, (a, b) => a + b));
        }
    }

    private static ulong Sum(ulong from, ulong to) => (from + to) * (to - from + 1) / 2;

    private static ulong Step(ulong from, ulong to, ulong step)
    {
        var sum = 0UL;
        for (var v = from; v <= to; v += step)
        {
            sum += v;
        }

        return sum;
    }
}

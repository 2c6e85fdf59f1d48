using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Tests.Fixtures;

/// <summary>Counts built the obvious way, field by field on the proto, to check the real counting against.</summary>
internal static class NaiveCounts
{
    public static Counts Of(IEnumerable<CrossingEvent> events, bool includeNationalities = true)
    {
        var counts = Zero();
        foreach (var crossing in events)
        {
            var tally = Pick(counts, crossing.Movement);
            ulong n = crossing.Headcount;
            tally.People += n;
            switch (crossing.Direction)
            {
                case Direction.Northbound: tally.ByDirection.Northbound += n; break;
                case Direction.Southbound: tally.ByDirection.Southbound += n; break;
                default: throw new InvalidOperationException("unexpected direction");
            }

            switch (crossing.AgeGroup)
            {
                case AgeGroup.Ages0To4: tally.ByAgeGroup.Ages0To4 += n; break;
                case AgeGroup.Ages5To11: tally.ByAgeGroup.Ages5To11 += n; break;
                case AgeGroup.Ages12To17: tally.ByAgeGroup.Ages12To17 += n; break;
                case AgeGroup.Ages18To59: tally.ByAgeGroup.Ages18To59 += n; break;
                case AgeGroup.Ages60Plus: tally.ByAgeGroup.Ages60Plus += n; break;
                case AgeGroup.Unknown: tally.ByAgeGroup.Unknown += n; break;
                default: throw new InvalidOperationException("unexpected age");
            }

            switch (crossing.Sex)
            {
                case Sex.Female: tally.BySex.Female += n; break;
                case Sex.Male: tally.BySex.Male += n; break;
                case Sex.Unknown: tally.BySex.Unknown += n; break;
                default: throw new InvalidOperationException("unexpected sex");
            }

            if (includeNationalities)
            {
                tally.ByNationality[crossing.Nationality] = tally.ByNationality.GetValueOrDefault(crossing.Nationality) + n;
            }
        }

        return counts;
    }

    /// <summary>The field-by-field sum of several counts.</summary>
    public static Counts Sum(IEnumerable<Counts> parts)
    {
        var sum = Zero();
        foreach (var part in parts)
        {
            foreach (var movement in Movements)
            {
                var into = Pick(sum, movement);
                var from = Pick(part, movement);
                into.People += from.People;
                into.ByDirection.Northbound += from.ByDirection.Northbound;
                into.ByDirection.Southbound += from.ByDirection.Southbound;
                into.ByAgeGroup.Ages0To4 += from.ByAgeGroup.Ages0To4;
                into.ByAgeGroup.Ages5To11 += from.ByAgeGroup.Ages5To11;
                into.ByAgeGroup.Ages12To17 += from.ByAgeGroup.Ages12To17;
                into.ByAgeGroup.Ages18To59 += from.ByAgeGroup.Ages18To59;
                into.ByAgeGroup.Ages60Plus += from.ByAgeGroup.Ages60Plus;
                into.ByAgeGroup.Unknown += from.ByAgeGroup.Unknown;
                into.BySex.Female += from.BySex.Female;
                into.BySex.Male += from.BySex.Male;
                into.BySex.Unknown += from.BySex.Unknown;
                foreach (var (code, people) in from.ByNationality)
                {
                    into.ByNationality[code] = into.ByNationality.GetValueOrDefault(code) + people;
                }
            }
        }

        return sum;
    }

    public static Counts Zero() => new()
    {
        Arrival = ZeroTally(),
        Departure = ZeroTally(),
        ShelterCheckIn = ZeroTally(),
        ShelterCheckOut = ZeroTally(),
        RepatriationBoarding = ZeroTally(),
    };

    public static readonly Movement[] Movements =
        [Movement.Arrival, Movement.Departure, Movement.ShelterCheckIn, Movement.ShelterCheckOut, Movement.RepatriationBoarding];

    /// <summary>Start of the UTC hour, computed from calendar fields.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    /// <summary>Start of the Panama calendar day (UTC−05:00), in UTC, computed from the local calendar date.</summary>
    public static DateTimeOffset PanamaDayOf(DateTimeOffset t)
    {
        var local = t.ToOffset(TimeSpan.FromHours(-5));
        return new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, TimeSpan.FromHours(-5)).ToUniversalTime();
    }

    public static MovementTally Pick(Counts counts, Movement movement) => movement switch
    {
        Movement.Arrival => counts.Arrival,
        Movement.Departure => counts.Departure,
        Movement.ShelterCheckIn => counts.ShelterCheckIn,
        Movement.ShelterCheckOut => counts.ShelterCheckOut,
        Movement.RepatriationBoarding => counts.RepatriationBoarding,
        _ => throw new ArgumentOutOfRangeException(nameof(movement)),
    };

    private static MovementTally ZeroTally() => new() { ByDirection = new(), ByAgeGroup = new(), BySex = new() };
}

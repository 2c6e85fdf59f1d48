using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Counting;

/// <summary>Converts tallies to and from the API's Counts message.</summary>
internal static class TallyProto
{
    public static Counts ToCounts(Tally tally, bool includeNationalities) => new()
    {
        Arrival = ToMovementTally(tally, 0, includeNationalities),
        Departure = ToMovementTally(tally, 1, includeNationalities),
        ShelterCheckIn = ToMovementTally(tally, 2, includeNationalities),
        ShelterCheckOut = ToMovementTally(tally, 3, includeNationalities),
        RepatriationBoarding = ToMovementTally(tally, 4, includeNationalities),
    };

    public static Tally ToTally(Counts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var tally = new Tally();
        ReadMovementTally(tally, 0, counts.Arrival);
        ReadMovementTally(tally, 1, counts.Departure);
        ReadMovementTally(tally, 2, counts.ShelterCheckIn);
        ReadMovementTally(tally, 3, counts.ShelterCheckOut);
        ReadMovementTally(tally, 4, counts.RepatriationBoarding);
        return tally;
    }

    private static MovementTally ToMovementTally(Tally tally, int movementIndex, bool includeNationalities)
    {
        var row = movementIndex * Tally.RowWidth;
        ulong Cell(int offset) => tally.Cell(row + offset);

        var proto = new MovementTally
        {
            People = Cell(0),
            ByDirection = new DirectionCounts
            {
                Northbound = Cell(Tally.DirectionOffset + (int)Direction.Northbound),
                Southbound = Cell(Tally.DirectionOffset + (int)Direction.Southbound),
            },
            ByAgeGroup = new AgeGroupCounts
            {
                Ages0To4 = Cell(Tally.AgeGroupOffset + (int)AgeGroup.Ages0To4),
                Ages5To11 = Cell(Tally.AgeGroupOffset + (int)AgeGroup.Ages5To11),
                Ages12To17 = Cell(Tally.AgeGroupOffset + (int)AgeGroup.Ages12To17),
                Ages18To59 = Cell(Tally.AgeGroupOffset + (int)AgeGroup.Ages18To59),
                Ages60Plus = Cell(Tally.AgeGroupOffset + (int)AgeGroup.Ages60Plus),
                Unknown = Cell(Tally.AgeGroupOffset + (int)AgeGroup.Unknown),
            },
            BySex = new SexCounts
            {
                Female = Cell(Tally.SexOffset + (int)Sex.Female),
                Male = Cell(Tally.SexOffset + (int)Sex.Male),
                Unknown = Cell(Tally.SexOffset + (int)Sex.Unknown),
            },
        };
        if (includeNationalities && tally.Nationalities is { } nationalities)
        {
            foreach (var (code, counts) in nationalities)
            {
                if (counts[movementIndex] != 0)
                {
                    proto.ByNationality[code.ToString()] = counts[movementIndex];
                }
            }
        }

        return proto;
    }

    private static void ReadMovementTally(Tally tally, int movementIndex, MovementTally? proto)
    {
        if (proto is null)
        {
            return;
        }

        var row = movementIndex * Tally.RowWidth;
        tally.SetCell(row, proto.People);
        if (proto.ByDirection is { } direction)
        {
            tally.SetCell(row + Tally.DirectionOffset + (int)Direction.Northbound, direction.Northbound);
            tally.SetCell(row + Tally.DirectionOffset + (int)Direction.Southbound, direction.Southbound);
        }

        if (proto.ByAgeGroup is { } age)
        {
            tally.SetCell(row + Tally.AgeGroupOffset + (int)AgeGroup.Ages0To4, age.Ages0To4);
            tally.SetCell(row + Tally.AgeGroupOffset + (int)AgeGroup.Ages5To11, age.Ages5To11);
            tally.SetCell(row + Tally.AgeGroupOffset + (int)AgeGroup.Ages12To17, age.Ages12To17);
            tally.SetCell(row + Tally.AgeGroupOffset + (int)AgeGroup.Ages18To59, age.Ages18To59);
            tally.SetCell(row + Tally.AgeGroupOffset + (int)AgeGroup.Ages60Plus, age.Ages60Plus);
            tally.SetCell(row + Tally.AgeGroupOffset + (int)AgeGroup.Unknown, age.Unknown);
        }

        if (proto.BySex is { } sex)
        {
            tally.SetCell(row + Tally.SexOffset + (int)Sex.Female, sex.Female);
            tally.SetCell(row + Tally.SexOffset + (int)Sex.Male, sex.Male);
            tally.SetCell(row + Tally.SexOffset + (int)Sex.Unknown, sex.Unknown);
        }

        foreach (var (text, people) in proto.ByNationality)
        {
            if (!NationalityCode.TryParse(text, out var code))
            {
                throw new FormatException($"by_nationality: '{text}' is not three uppercase ASCII letters");
            }

            if (people != 0)
            {
                tally.AddNationality(code, movementIndex, people);
            }
        }
    }
}

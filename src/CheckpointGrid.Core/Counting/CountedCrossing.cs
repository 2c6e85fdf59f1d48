using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Counting;

/// <summary>What counting reads from a crossing event, decoded once: enum values as indexes, the nationality packed, the time as ticks.</summary>
internal readonly struct CountedCrossing
{
    private CountedCrossing(CrossingEvent crossing, NationalityCode nationality)
    {
        MovementIndex = (int)crossing.Movement - 1;
        Direction = (int)crossing.Direction;
        AgeGroup = (int)crossing.AgeGroup;
        Sex = (int)crossing.Sex;
        Nationality = nationality;
        People = crossing.Headcount;
        OccurredAtTicks = TimestampTicks.Of(crossing.OccurredAt);
    }

    /// <summary>Movement − 1: 0 arrival … 4 repatriation boarding.</summary>
    public int MovementIndex { get; }

    /// <summary>Direction: 1 northbound, 2 southbound.</summary>
    public int Direction { get; }

    /// <summary>AgeGroup: 1 … 6 (6 unknown).</summary>
    public int AgeGroup { get; }

    /// <summary>Sex: 1 female, 2 male, 3 unknown.</summary>
    public int Sex { get; }

    public NationalityCode Nationality { get; }

    /// <summary>The headcount.</summary>
    public ulong People { get; }

    public long OccurredAtTicks { get; }

    /// <summary>Shelter check-ins raise occupancy, check-outs lower it, other movements leave it.</summary>
    public long OccupancyChange => MovementIndex switch
    {
        (int)Movement.ShelterCheckIn - 1 => (long)People,
        (int)Movement.ShelterCheckOut - 1 => -(long)People,
        _ => 0,
    };

    /// <summary>Decodes an event, throwing <see cref="ArgumentException"/> when it could not be counted (validate events first).</summary>
    public static CountedCrossing From(CrossingEvent crossing)
    {
        ArgumentNullException.ThrowIfNull(crossing);
        if (crossing.Movement is < Movement.Arrival or > Movement.RepatriationBoarding
            || crossing.Direction is < Contracts.V1.Direction.Northbound or > Contracts.V1.Direction.Southbound
            || crossing.AgeGroup is < Contracts.V1.AgeGroup.Ages0To4 or > Contracts.V1.AgeGroup.Unknown
            || crossing.Sex is < Contracts.V1.Sex.Female or > Contracts.V1.Sex.Unknown
            || crossing.Headcount == 0
            || crossing.OccurredAt is null || !TimestampTicks.IsWellFormed(crossing.OccurredAt)
            || !NationalityCode.TryParse(crossing.Nationality, out var nationality))
        {
            throw new ArgumentException("The event cannot be counted: validate it with CrossingEventValidator first.", nameof(crossing));
        }

        return new CountedCrossing(crossing, nationality);
    }
}

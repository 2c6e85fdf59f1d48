using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>
/// Whether a shelter event is a check-in or a check-out, steering occupancy to <see cref="PublishedFlows.ShelterTarget"/>
/// of capacity: even odds at the target, all check-ins a third of the target below it, all check-outs a third above
/// (so a shelter left over capacity by an earlier run empties back to the target). Nobody checks out of an empty
/// shelter, and no check-in takes one above its capacity.
/// </summary>
public static class ShelterSteering
{
    private const double Gain = 3;

    /// <summary>The movement and headcount of the next shelter event, given the occupants now.</summary>
    public static (Movement Movement, int Headcount) Next(uint? capacity, long occupants, int headcount, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (capacity is not { } limit)
        {
            // Nothing published to steer to: stays of one event each way, never below empty.
            return occupants >= headcount && random.NextDouble() < 0.5 ? (Movement.ShelterCheckOut, headcount) : (Movement.ShelterCheckIn, headcount);
        }

        var target = limit * PublishedFlows.ShelterTarget;
        var checkIn = Math.Clamp(0.5 * (1 + (Gain * (target - occupants) / target)), 0, 1);
        var room = limit - occupants;
        if (random.NextDouble() < checkIn && room > 0)
        {
            return (Movement.ShelterCheckIn, (int)Math.Min(headcount, room));
        }

        return occupants > 0 ? (Movement.ShelterCheckOut, (int)Math.Min(headcount, occupants)) : (Movement.ShelterCheckIn, (int)Math.Min(headcount, Math.Max(room, 1)));
    }
}

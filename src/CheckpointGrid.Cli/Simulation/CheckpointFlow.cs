using CheckpointGrid.Contracts.V1;
using static CheckpointGrid.Cli.Simulation.PublishedFlows;
using static CheckpointGrid.Contracts.V1.Direction;
using static CheckpointGrid.Contracts.V1.Movement;
using Checkpoint = CheckpointGrid.Core.Catalog.Checkpoint;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>
/// What a checkpoint sees on an average day of 2025, in people (<see cref="PublishedFlows"/>): the southbound
/// ("reverse") flow enters at Paso Canoas, boards boats at Miramar (most), Palenque and Cartí, and leaves Panama
/// from Puerto Obaldía; the little northbound flow left passes San Vicente, Metetí, Los Planes de Gualaca and Paso
/// Canoas; airports board repatriation flights; shelters with a published capacity take stays that keep them near
/// <see cref="ShelterTarget"/> of it. Closed checkpoints, when named, get what their kind would see.
/// </summary>
public sealed record CheckpointFlow(Checkpoint Checkpoint, IReadOnlyList<FlowOption> Options)
{
    /// <summary>People recorded per day over all options.</summary>
    public double PeoplePerDay
    {
        get
        {
            var sum = 0.0;
            foreach (var option in Options)
            {
                sum += option.PeoplePerDay;
            }

            return sum;
        }
    }

    /// <summary>Whether the checkpoint records shelter check-ins and check-outs.</summary>
    public bool HasShelter
    {
        get
        {
            foreach (var option in Options)
            {
                if (option.Movement is ShelterCheckIn)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public static CheckpointFlow For(Checkpoint checkpoint) => checkpoint.Id.Value switch
    {
        "PA-COL-MRM" => new(checkpoint, [new(Departure, Southbound, MiramarDepartures)]),
        "PA-COL-PLQ" => new(checkpoint, [new(Departure, Southbound, OtherBoatDepartures * 2 / 3)]),
        "PA-GNA-CRT" => new(checkpoint, [new(Departure, Southbound, OtherBoatDepartures / 3)]),
        "PA-GNA-POB" => new(checkpoint, [new(Departure, Southbound, SouthboundEntries)]),
        "PA-CHI-PCN" => new(checkpoint, [new(Arrival, Southbound, SouthboundEntries), new(Departure, Northbound, DarienNorthbound)]),
        "PA-PAN-PAC" => new(checkpoint, [new(RepatriationBoarding, Southbound, Repatriations * 0.7)]),
        "PA-PAO-BLB" => new(checkpoint, [new(RepatriationBoarding, Southbound, Repatriations * 0.2)]),
        "PA-PAN-PTY" => new(checkpoint, [new(RepatriationBoarding, Southbound, Repatriations * 0.1)]),
        _ => ByKind(checkpoint),
    };

    private static CheckpointFlow ByKind(Checkpoint checkpoint) => checkpoint.Kind switch
    {
        CheckpointKind.ReceptionStation => new(checkpoint, [new(Arrival, Northbound, DarienNorthbound), .. Shelter(checkpoint)]),
        CheckpointKind.CommunityReceptionPoint => new(checkpoint, [new(Arrival, Northbound, DarienNorthbound), new(Departure, Northbound, DarienNorthbound)]),
        CheckpointKind.TransitHub => new(checkpoint, [new(Arrival, Northbound, DarienNorthbound), new(Departure, Northbound, DarienNorthbound)]),
        CheckpointKind.SeaPort when checkpoint.Region.Value is "Darién" => new(checkpoint, [new(Arrival, Northbound, DarienNorthbound / 8)]),
        CheckpointKind.SeaPort => new(checkpoint, [new(Departure, Southbound, OtherBoatDepartures / 3)]),
        CheckpointKind.LandBorder => new(checkpoint, [new(Arrival, Southbound, SouthboundEntries / 4), new(Departure, Northbound, DarienNorthbound / 4)]),
        CheckpointKind.Airport => new(checkpoint, [new(RepatriationBoarding, Southbound, Repatriations * 0.1)]),
        _ => new(checkpoint, [new(Arrival, Northbound, DarienNorthbound / 4)]),
    };

    /// <summary>Check-ins and check-outs in equal measure at balance; none where no capacity is published (nothing to steer to).</summary>
    private static FlowOption[] Shelter(Checkpoint checkpoint) => checkpoint.ShelterCapacity is { } capacity
        ? [new(ShelterCheckIn, Northbound, capacity * ShelterTarget * ShelterTurnover), new(ShelterCheckOut, Northbound, capacity * ShelterTarget * ShelterTurnover)]
        : [];
}

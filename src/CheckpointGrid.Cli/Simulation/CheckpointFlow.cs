using CheckpointGrid.Contracts.V1;
using static CheckpointGrid.Contracts.V1.Direction;
using static CheckpointGrid.Contracts.V1.Movement;
using Checkpoint = CheckpointGrid.Core.Catalog.Checkpoint;

namespace CheckpointGrid.Cli.Simulation;

/// <summary>
/// What a checkpoint sees, as of 2025: how busy it is relative to the others and which movements in
/// which direction. From the catalog's kinds and notes: the Darién reception stations and community
/// points take northbound arrivals (and shelter stays); Miramar, Palenque and Cartí see southbound
/// ("reverse") boat departures and Puerto Obaldía their arrivals; Jaqué is a northbound Pacific
/// entry; Paso Canoas sees mostly the reverse flow from Costa Rica; airports board repatriation
/// flights. The weights and shares are this tool's choice.
/// </summary>
public sealed record CheckpointFlow(Checkpoint Checkpoint, double Weight, IReadOnlyList<FlowOption> Options)
{
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
        "PA-GNA-POB" => new(checkpoint, 2.0, [new(Arrival, Southbound, 0.6), new(Departure, Southbound, 0.4)]),
        "PA-COL-MRM" => new(checkpoint, 2.5, [new(Arrival, Southbound, 0.2), new(Departure, Southbound, 0.8)]),
        _ => ByKind(checkpoint),
    };

    private static CheckpointFlow ByKind(Checkpoint checkpoint)
    {
        var darien = checkpoint.Region.Value is "Darién" or "Emberá-Wounaan";
        return checkpoint.Kind switch
        {
            CheckpointKind.ReceptionStation => new(checkpoint, darien ? 3.0 : 1.5,
                [new(Arrival, Northbound, 0.5), new(ShelterCheckIn, Northbound, 0.3), new(ShelterCheckOut, Northbound, 0.2)]),
            CheckpointKind.CommunityReceptionPoint => new(checkpoint, 1.5,
                [new(Arrival, Northbound, 0.6), new(Departure, Northbound, 0.4)]),
            CheckpointKind.TransitHub => new(checkpoint, 1.0,
                [new(Arrival, Northbound, 0.25), new(Departure, Northbound, 0.25), new(Arrival, Southbound, 0.25), new(Departure, Southbound, 0.25)]),
            CheckpointKind.SeaPort when darien => new(checkpoint, 0.5, [new(Arrival, Northbound, 1.0)]),
            CheckpointKind.SeaPort => new(checkpoint, 1.0, [new(Arrival, Southbound, 0.2), new(Departure, Southbound, 0.8)]),
            CheckpointKind.LandBorder => new(checkpoint, 1.0,
                [new(Arrival, Southbound, 0.4), new(Departure, Southbound, 0.4), new(Arrival, Northbound, 0.1), new(Departure, Northbound, 0.1)]),
            CheckpointKind.Airport => new(checkpoint, 0.3, [new(RepatriationBoarding, Southbound, 1.0)]),
            _ => new(checkpoint, 0.5, [new(Arrival, Northbound, 0.5), new(Departure, Northbound, 0.5)]),
        };
    }
}

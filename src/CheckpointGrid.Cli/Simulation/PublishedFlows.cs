namespace CheckpointGrid.Cli.Simulation;

/// <summary>
/// The 2025 magnitudes the simulator reproduces, in people per day, from the figures in
/// /work/shared/data/README.md (SNM), and where a split among checkpoints is this tool's choice.
/// </summary>
public static class PublishedFlows
{
    /// <summary>Southbound ("reverse") flow into Panama: over 13,200 people by 1 July 2025 (SNM), 181 days.</summary>
    public const double SouthboundEntries = 13_200.0 / 181;

    /// <summary>Boat departures from Miramar: over 22,000 in 2025 (SNM via tvn-2, 2025-12-31).</summary>
    public const double MiramarDepartures = 22_000.0 / 365;

    /// <summary>Southbound entrants who board elsewhere than Miramar (Palenque, Cartí): the rest, split 2:1 (this tool's choice).</summary>
    public const double OtherBoatDepartures = SouthboundEntries - MiramarDepartures;

    /// <summary>Northbound through the Darién: 267 people in March and April 2025 (SNM monthly table), 61 days.</summary>
    public const double DarienNorthbound = 267.0 / 61;

    /// <summary>Repatriation flights under the July 2024 MOU: 2,341 people by mid-2025 (SNM), about a year.</summary>
    public const double Repatriations = 2_341.0 / 365;

    /// <summary>
    /// Shelter check-ins per day per person of capacity, at balance: stays of about a day (this tool's choice; the
    /// stations are stopovers before the buses), so a shelter's occupancy can follow its target within a day.
    /// </summary>
    public const double ShelterTurnover = 1.0;

    /// <summary>The share of its published capacity a shelter's occupancy is steered to.</summary>
    public const double ShelterTarget = 0.85;
}

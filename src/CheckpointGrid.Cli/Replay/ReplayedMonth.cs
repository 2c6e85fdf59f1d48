using CheckpointGrid.Cli.Data;
using CheckpointGrid.Cli.Sources;

namespace CheckpointGrid.Cli.Replay;

/// <summary>A month of the SNM table as events, with the breakdowns they were made to match.</summary>
/// <param name="Row">The month replayed.</param>
/// <param name="Seed">The seed used.</param>
/// <param name="Cells">People by sex and age band (men/women/boys/girls split into bands).</param>
/// <param name="Nationalities">People by nationality: the five named columns, then "other" resolved.</param>
/// <param name="OtherBasis">How "other" became codes.</param>
/// <param name="Events">The events, in time order, each with its terminal.</param>
public sealed record ReplayedMonth(
    SnmMonth Row,
    int Seed,
    IReadOnlyList<(Demographic Cell, int People)> Cells,
    IReadOnlyList<NationalityPeople> Nationalities,
    OtherNationalities.Basis OtherBasis,
    IReadOnlyList<TerminalEvent> Events);

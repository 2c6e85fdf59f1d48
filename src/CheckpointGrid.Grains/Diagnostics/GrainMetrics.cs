using System.Diagnostics.Metrics;

namespace CheckpointGrid.Grains.Diagnostics;

/// <summary>
/// The grains' instruments, on the one grains Meter. Nothing here is per event: activations, conflicts and rebuilds are
/// rare, and roll-up updates come once per committed batch (regions) or once per coalesced forward (the nation).
/// </summary>
public sealed class GrainMetrics
{
    /// <summary>The tag naming the grain type (the class's name).</summary>
    public const string GrainTypeTag = "checkpointgrid.grain.type";

    /// <summary>Activations of the project's grains living on this silo, by grain type (up-down).</summary>
    public const string ActiveName = "checkpointgrid.grains.active";

    /// <summary>Changes a region or the national grain received from its children, by grain type.</summary>
    public const string RollupUpdatesName = "checkpointgrid.grains.rollup_updates";

    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _activations;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _rebuilds;
    private readonly Counter<long> _rollupUpdates;

    public GrainMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(GrainDiagnostics.MeterName);
        _active = meter.CreateUpDownCounter<long>(ActiveName, "{activation}", "Activations of the project's grains living on this silo, by grain type.");
        _activations = meter.CreateCounter<long>("checkpointgrid.grains.activations", "{activation}", "Activations of the project's grains started on this silo, by grain type.");
        _conflicts = meter.CreateCounter<long>(
            "checkpointgrid.grains.version_conflicts", "{conflict}", "Commits a checkpoint grain found another activation had overtaken (it reloaded and retried).");
        _rebuilds = meter.CreateCounter<long>("checkpointgrid.grains.rollup_rebuilds", "{rebuild}", "Region and national roll-ups rebuilt from their children's counts, by grain type.");
        _rollupUpdates = meter.CreateCounter<long>(
            RollupUpdatesName, "{update}", "Changes a region or the national grain received from its children (applied, repeated or a gap), by grain type.");
    }

    /// <summary>The tag naming a grain type, built once per activation.</summary>
    public static KeyValuePair<string, object?> GrainType(Grain grain) => new(GrainTypeTag, grain?.GetType().Name);

    public void Activated(in KeyValuePair<string, object?> grainType)
    {
        _activations.Add(1, grainType);
        _active.Add(1, grainType);
    }

    public void Deactivated(in KeyValuePair<string, object?> grainType) => _active.Add(-1, grainType);

    public void VersionConflict(in KeyValuePair<string, object?> checkpoint) => _conflicts.Add(1, checkpoint);

    public void RolledUp(in KeyValuePair<string, object?> grainType) => _rebuilds.Add(1, grainType);

    /// <summary>A roll-up grain received a change from one of its children (the national grain's calls measure its load).</summary>
    public void RollupUpdated(in KeyValuePair<string, object?> grainType) => _rollupUpdates.Add(1, grainType);
}

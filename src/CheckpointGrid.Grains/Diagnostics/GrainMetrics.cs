using System.Diagnostics.Metrics;
using CheckpointGrid.Grains.Catalog;

namespace CheckpointGrid.Grains.Diagnostics;

/// <summary>The grain runtime's instruments, on one Meter; each measurement is tagged with the grain type.</summary>
internal sealed class GrainMetrics
{
    private static readonly KeyValuePair<string, object?> Idle = new("reason", "idle_timeout");
    private static readonly KeyValuePair<string, object?> Requested = new("reason", "requested");
    private static readonly KeyValuePair<string, object?> Stopping = new("reason", "runtime_stopping");

    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _activationFailures;
    private readonly Counter<long> _deactivations;
    private readonly Counter<long> _turns;
    private readonly Counter<long> _faultedTurns;

    public GrainMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GrainDiagnostics.MeterName);
        _active = meter.CreateUpDownCounter<long>("checkpointgrid.grain.activations.active", "{activation}", "Grain activations now live.");
        _activationFailures = meter.CreateCounter<long>("checkpointgrid.grain.activations.failed", "{activation}", "Activations whose OnActivateAsync or state read failed.");
        _deactivations = meter.CreateCounter<long>("checkpointgrid.grain.deactivations", "{activation}", "Activations deactivated, by reason.");
        _turns = meter.CreateCounter<long>("checkpointgrid.grain.turns", "{turn}", "Turns run: calls and timer ticks.");
        _faultedTurns = meter.CreateCounter<long>("checkpointgrid.grain.turns.faulted", "{turn}", "Turns that ended in an exception.");
    }

    public void Activated(GrainType type) => _active.Add(1, type.Tag);

    public void ActivationFailed(GrainType type) => _activationFailures.Add(1, type.Tag);

    public void Deactivated(GrainType type, DeactivationReason reason)
    {
        _active.Add(-1, type.Tag);
        _deactivations.Add(1, type.Tag, reason switch
        {
            DeactivationReason.IdleTimeout => Idle,
            DeactivationReason.Requested => Requested,
            _ => Stopping,
        });
    }

    public void TurnCompleted(GrainType type, bool faulted)
    {
        _turns.Add(1, type.Tag);
        if (faulted)
        {
            _faultedTurns.Add(1, type.Tag);
        }
    }
}

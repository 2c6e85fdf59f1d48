using System.Diagnostics.Metrics;
using CheckpointGrid.Abstractions.Operations;
using CheckpointGrid.Grains;
using CheckpointGrid.Grains.Diagnostics;
using CheckpointGrid.Server.Ingest;
using CheckpointGrid.Server.Watch;

namespace CheckpointGrid.Server.Operations;

/// <summary>
/// This silo's numbers for the cluster status, read from the project's own instruments (ingest, watch, grains) with a
/// <see cref="MeterListener"/> rather than kept a second time beside them. Only this host's instruments are heard:
/// where several servers share a process (tests), each meter factory's meters are its own.
/// Started before the silo, so every stream, watcher and activation it later sees end it also saw begin.
/// </summary>
internal sealed class SiloCounters : IHostedService, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly IMeterFactory _meters;
    private readonly IngestRateWindow _accepted;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _activeGrains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _rollupUpdates = new(StringComparer.Ordinal);
    private long _streams;
    private long _watchers;

    public SiloCounters(IMeterFactory meters, [FromKeyedServices(GridClock.Key)] TimeProvider time)
    {
        _meters = meters;
        _accepted = new IngestRateWindow(time);
        _listener.InstrumentPublished = Published;
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((SiloCounters)state!).Measured(instrument, value, tags));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    /// <summary>The numbers now.</summary>
    public SiloSnapshot Snapshot()
    {
        var (perSecond, total) = _accepted.Read();
        Dictionary<string, long> grains;
        Dictionary<string, long> rollups;
        lock (_gate)
        {
            grains = new Dictionary<string, long>(_activeGrains, StringComparer.Ordinal);
            rollups = new Dictionary<string, long>(_rollupUpdates, StringComparer.Ordinal);
        }
        return new SiloSnapshot(ServerVersion.Current, perSecond, total, Interlocked.Read(ref _streams), Interlocked.Read(ref _watchers), grains, rollups);
    }

    private void Published(Instrument instrument, MeterListener listener)
    {
        if (!ReferenceEquals(instrument.Meter.Scope, _meters))
        {
            return;
        }
        var tracked = (instrument.Meter.Name, instrument.Name) switch
        {
            (IngestDiagnostics.MeterName, IngestMetrics.AcceptedName or IngestMetrics.StreamsName) => true,
            (WatchMetrics.MeterName, WatchMetrics.WatchersName) => true,
            (GrainDiagnostics.MeterName, GrainMetrics.ActiveName or GrainMetrics.RollupUpdatesName) => true,
            _ => false,
        };
        if (tracked)
        {
            listener.EnableMeasurementEvents(instrument, this);
        }
    }

    private void Measured(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (instrument.Name)
        {
            case IngestMetrics.AcceptedName:
                _accepted.Add(value);
                break;
            case IngestMetrics.StreamsName:
                Interlocked.Add(ref _streams, value);
                break;
            case WatchMetrics.WatchersName:
                Interlocked.Add(ref _watchers, value);
                break;
            case GrainMetrics.RollupUpdatesName:
                ByGrainType(_rollupUpdates, value, tags);
                break;
            default:
                ByGrainType(_activeGrains, value, tags);
                break;
        }
    }

    /// <summary>Adds <paramref name="value"/> to the grain type's entry of <paramref name="byType"/>; an entry that comes to 0 goes.</summary>
    private void ByGrainType(Dictionary<string, long> byType, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag is { Key: GrainMetrics.GrainTypeTag, Value: string type })
            {
                lock (_gate)
                {
                    var sum = byType.GetValueOrDefault(type) + value;
                    if (sum == 0)
                    {
                        byType.Remove(type);
                    }
                    else
                    {
                        byType[type] = sum;
                    }
                }
                return;
            }
        }
    }
}

using System.Diagnostics.Metrics;
using CheckpointGrid.Storage.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>
/// Records what the storage Meter of one <see cref="IMeterFactory"/> measures: only that factory's, since
/// other tests run stores in parallel.
/// </summary>
public sealed class StorageMeasurements : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener;
    private readonly Dictionary<string, List<double>> _values = [];
    private readonly Dictionary<string, TaskCompletionSource> _firstValues = [];

    public StorageMeasurements()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StorageDiagnostics.MeterName && instrument.Meter.Scope == MeterFactory)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        _listener.Start();
    }

    public IMeterFactory MeterFactory { get; }

    /// <summary>Every value the named instrument recorded so far, in order.</summary>
    public double[] Of(string instrument)
    {
        lock (_values)
        {
            return _values.TryGetValue(instrument, out var values) ? [.. values] : [];
        }
    }

    /// <summary>Completes once the named instrument has recorded a value (at once if it has).</summary>
    public Task Recorded(string instrument)
    {
        lock (_values)
        {
            return _values.ContainsKey(instrument) ? Task.CompletedTask : FirstValue(instrument).Task;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add(string instrument, double value)
    {
        lock (_values)
        {
            if (!_values.TryGetValue(instrument, out var values))
            {
                _values[instrument] = values = [];
            }
            values.Add(value);
            FirstValue(instrument).TrySetResult();
        }
    }

    private TaskCompletionSource FirstValue(string instrument)
    {
        if (!_firstValues.TryGetValue(instrument, out var first))
        {
            _firstValues[instrument] = first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return first;
    }
}

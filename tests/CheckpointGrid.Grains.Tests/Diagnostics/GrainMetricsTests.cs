using System.Diagnostics.Metrics;
using CheckpointGrid.Grains.Diagnostics;
using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Grains.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointGrid.Grains.Tests.Diagnostics;

public class GrainMetricsTests
{
    [Fact]
    public async Task Live_activations_turns_and_faults_are_measured()
    {
        await using var host = await GrainTestHost.StartAsync();
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            // Only this host's meter: other tests run their own runtimes in parallel.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GrainDiagnostics.MeterName && instrument.Meter.Scope == meterFactory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
            {
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();
        var counter = host.Grains.GetGrain<ICounterGrain>("measured");

        await counter.CallAsync(static g => g.Add(1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => counter.CallAsync(static g => g.Fail()));
        await host.StopAsync();

        lock (totals)
        {
            Assert.Equal(2, totals["checkpointgrid.grain.turns"]);
            Assert.Equal(1, totals["checkpointgrid.grain.turns.faulted"]);
            Assert.Equal(0, totals["checkpointgrid.grain.activations.active"]);
            Assert.Equal(1, totals["checkpointgrid.grain.deactivations"]);
        }
    }
}

using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Grains.Tests.TestGrains;

namespace CheckpointGrid.Grains.Tests.Scheduling;

/// <summary>Grain timers tick as turns of their grain and end with it.</summary>
public class TimerTests
{
    [Fact]
    public async Task A_tick_runs_as_a_turn_and_a_call_waits_for_the_tick_in_progress()
    {
        await using var host = await GrainTestHost.StartAsync();
        var ticker = host.Grains.GetGrain<ITickerGrain>("interleaving");
        var tickGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Probe.TickGate = tickGate.Task;
        await ticker.CallAsync(static g => g.Start(TimeSpan.FromSeconds(1)));

        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.Probe.Ticks.NextAsync());
        var call = ticker.CallAsync(static g => g.Record("call"));
        await host.Grains.GetGrain<IJournalGrain>("bystander").CallAsync(static g => g.Append(1)).WithTimeout();
        Assert.False(call.IsCompleted);

        tickGate.SetResult();
        await call.WithTimeout();
        Assert.Equal(["tick:start", "tick:end", "call", "call:end"], host.Probe.Journal);
        Assert.Equal(1, host.Probe.MaxConcurrentTurns);
        Assert.Equal(1, await ticker.CallAsync(static g => g.TickCount()));
    }

    [Fact]
    public async Task Ticks_do_not_keep_a_grain_alive_and_its_timers_stop_when_it_deactivates()
    {
        await using var host = await GrainTestHost.StartAsync();
        var ticker = host.Grains.GetGrain<ITickerGrain>("idle-ticker");
        await ticker.CallAsync(static g => g.Start(TimeSpan.FromMinutes(1)));
        var timersWhileTicking = host.Time.TimerCount;

        host.Time.Advance(GrainTestHost.IdleAge + GrainTestHost.CollectionInterval);

        Assert.Equal((ticker.Id, DeactivationReason.IdleTimeout), await host.Probe.Deactivations.NextAsync());
        // The call waits for the old activation to retire, so by its answer the old timer is gone.
        Assert.Equal(0, await ticker.CallAsync(static g => g.TickCount()).WithTimeout());
        Assert.Equal(timersWhileTicking - 1, host.Time.TimerCount);
        Assert.Equal(2, host.Probe.ActivationsOf(ticker.Id));
    }

    [Fact]
    public async Task A_disposed_timer_ticks_no_more()
    {
        await using var host = await GrainTestHost.StartAsync();
        var ticker = host.Grains.GetGrain<ITickerGrain>("stopped");
        await ticker.CallAsync(static g => g.Start(TimeSpan.FromSeconds(1)));
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.Probe.Ticks.NextAsync());

        await ticker.CallAsync(static g => g.Stop());
        host.Time.Advance(TimeSpan.FromSeconds(10));

        // Ticks and calls share the mailbox: a tick queued by the advance would run before this call.
        Assert.Equal(1, await ticker.CallAsync(static g => g.TickCount()));
        Assert.False(host.Probe.Ticks.Reader.TryRead(out _));
    }
}

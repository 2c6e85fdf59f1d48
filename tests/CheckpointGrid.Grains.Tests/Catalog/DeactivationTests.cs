using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Grains.Tests.TestGrains;

namespace CheckpointGrid.Grains.Tests.Catalog;

/// <summary>Idle grains go away and come back with their state; busy or kept-alive ones stay.</summary>
public class DeactivationTests
{
    private static readonly TimeSpan PastIdleAge = GrainTestHost.IdleAge + GrainTestHost.CollectionInterval;

    [Fact]
    public async Task Idle_grain_is_deactivated_and_its_next_activation_has_the_stored_state()
    {
        await using var host = await GrainTestHost.StartAsync();
        var counter = host.Grains.GetGrain<ICounterGrain>("idle");
        await counter.CallAsync(static g => g.Add(5));

        host.Time.Advance(PastIdleAge);

        Assert.Equal((counter.Id, DeactivationReason.IdleTimeout), await host.Probe.Deactivations.NextAsync());
        Assert.Equal(5, await counter.CallAsync(static g => g.Get()).WithTimeout());
        Assert.Equal(2, await counter.CallAsync(static g => g.ActivationNumber()));
    }

    [Fact]
    public async Task Grain_called_within_the_idle_age_stays_active()
    {
        await using var host = await GrainTestHost.StartAsync();
        var counter = host.Grains.GetGrain<ICounterGrain>("busy");

        for (var i = 0; i < 3; i++)
        {
            await counter.CallAsync(static g => g.Add(1));
            host.Time.Advance(GrainTestHost.IdleAge - GrainTestHost.CollectionInterval);
        }

        Assert.Equal(1, await counter.CallAsync(static g => g.ActivationNumber()));
        Assert.False(host.Probe.Deactivations.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Kept_alive_grain_is_not_deactivated_until_released()
    {
        await using var host = await GrainTestHost.StartAsync();
        var counter = host.Grains.GetGrain<ICounterGrain>("subscribed");
        await counter.CallAsync(static g => g.StayActive());

        host.Time.Advance(GrainTestHost.IdleAge * 3);

        // A deactivation asked for during the advance would be ahead of this call in the mailbox.
        Assert.Equal(1, await counter.CallAsync(static g => g.ActivationNumber()));
        Assert.False(host.Probe.Deactivations.Reader.TryRead(out _));

        await counter.CallAsync(static g => g.LetGo());
        host.Time.Advance(PastIdleAge);

        Assert.Equal((counter.Id, DeactivationReason.IdleTimeout), await host.Probe.Deactivations.NextAsync());
    }

    [Fact]
    public async Task Deactivation_never_interrupts_a_turn()
    {
        await using var host = await GrainTestHost.StartAsync();
        var counter = host.Grains.GetGrain<ICounterGrain>("long-turn");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = counter.CallAsync(static (g, gate) => g.Hold(gate), gate.Task);
        Assert.Equal("hold", await host.Probe.Entered.NextAsync());

        // The collector sees no call end for twice the idle age and asks; the answer waits for the turn.
        host.Time.Advance(GrainTestHost.IdleAge * 2);
        gate.SetResult();
        await held.WithTimeout();

        Assert.Equal(1, await counter.CallAsync(static g => g.ActivationNumber()));
        Assert.False(host.Probe.Deactivations.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Call_arriving_during_deactivation_waits_for_the_state_write_and_gets_a_new_activation()
    {
        await using var host = await GrainTestHost.StartAsync();
        var counter = host.Grains.GetGrain<ICounterGrain>("leaving");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Probe.DeactivationGate = release.Task;
        await counter.CallAsync(static g => g.AddUnsaved(7));
        await counter.CallAsync(static g => g.Deactivate());
        Assert.Equal((counter.Id, DeactivationReason.Requested), await host.Probe.Deactivations.NextAsync());

        var during = counter.CallAsync(static g => g.Get());
        await host.Grains.GetGrain<IJournalGrain>("bystander").CallAsync(static g => g.Append(1)).WithTimeout();
        Assert.False(during.IsCompleted);

        host.Probe.DeactivationGate = Task.CompletedTask;
        release.SetResult();
        // 7 only if the new activation read storage after the old one wrote it on the way out.
        Assert.Equal(7, await during.WithTimeout());
        Assert.Equal(2, await counter.CallAsync(static g => g.ActivationNumber()));
    }

    [Fact]
    public async Task Calls_queued_behind_a_deactivation_are_served_by_the_next_activation()
    {
        await using var host = await GrainTestHost.StartAsync();
        var counter = host.Grains.GetGrain<ICounterGrain>("handover");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deactivating = counter.CallAsync(static (g, gate) => g.DeactivateThenWait(gate), gate.Task);
        Assert.Equal("deactivate", await host.Probe.Entered.NextAsync());

        // Queued behind the deactivation request, so it finds the mailbox open but its activation on the way out.
        var queued = counter.CallAsync(static g => g.ActivationNumber());
        gate.SetResult();
        await deactivating.WithTimeout();

        Assert.Equal(2, await queued.WithTimeout());
        Assert.Equal((counter.Id, DeactivationReason.Requested), await host.Probe.Deactivations.NextAsync());
    }

    [Fact]
    public async Task Stopping_the_runtime_deactivates_every_grain_and_refuses_later_calls()
    {
        await using var host = await GrainTestHost.StartAsync();
        GrainRef<ICounterGrain>[] counters = [host.Grains.GetGrain<ICounterGrain>("a"), host.Grains.GetGrain<ICounterGrain>("b"), host.Grains.GetGrain<ICounterGrain>("c")];
        foreach (var counter in counters)
        {
            await counter.CallAsync(static g => g.StayActive());
        }

        await host.StopAsync();

        var deactivated = new List<string>();
        for (var i = 0; i < counters.Length; i++)
        {
            var (id, reason) = await host.Probe.Deactivations.NextAsync();
            Assert.Equal(DeactivationReason.RuntimeStopping, reason);
            deactivated.Add(id.Key);
        }
        Assert.Equal(["a", "b", "c"], deactivated.Order());
        await Assert.ThrowsAsync<InvalidOperationException>(() => counters[0].CallAsync(static g => g.Get()));
    }
}

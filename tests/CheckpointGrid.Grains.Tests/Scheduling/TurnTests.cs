using System.Diagnostics;
using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Grains.Tests.TestGrains;

namespace CheckpointGrid.Grains.Tests.Scheduling;

/// <summary>One turn at a time per grain, in the order the calls arrived.</summary>
public class TurnTests
{
    [Fact]
    public async Task Calls_from_one_caller_run_in_the_order_sent()
    {
        await using var host = await GrainTestHost.StartAsync();
        var journal = host.Grains.GetGrain<IJournalGrain>("fifo");

        var calls = new Task[1000];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = journal.CallAsync(static (grain, value) => grain.Append(value), i);
        }
        await Task.WhenAll(calls).WithTimeout();

        Assert.Equal(Enumerable.Range(0, calls.Length), await journal.CallAsync(static grain => grain.Entries()));
    }

    [Fact]
    public async Task A_turn_that_awaits_keeps_the_next_call_out_until_it_completes()
    {
        await using var host = await GrainTestHost.StartAsync();
        var grain = host.Grains.GetGrain<IJournalGrain>("non-reentrant");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = grain.CallAsync(static (g, gate) => g.Enter("first", gate), gate.Task);
        Assert.Equal("first", await host.Probe.Entered.NextAsync());
        var second = grain.CallAsync(static g => g.Enter("second", Task.CompletedTask));
        // A whole call through another grain completes meanwhile: the runtime is not stuck, it holds the second call back.
        await host.Grains.GetGrain<IJournalGrain>("bystander").CallAsync(static g => g.Append(1)).WithTimeout();

        Assert.False(second.IsCompleted);
        Assert.Equal(["first:start"], host.Probe.Journal);

        gate.SetResult();
        await Task.WhenAll(first, second).WithTimeout();
        Assert.Equal(["first:start", "first:end", "second:start", "second:end"], host.Probe.Journal);
        Assert.Equal(1, host.Probe.MaxConcurrentTurns);
    }

    [Fact]
    public async Task A_call_runs_in_its_callers_context_so_the_trace_flows_into_the_grain()
    {
        await using var host = await GrainTestHost.StartAsync();
        var grain = host.Grains.GetGrain<IJournalGrain>("traced");
        using (var first = new Activity("first caller").Start())
        {
            Assert.Equal(first.Id, await grain.CallAsync(static g => g.CurrentActivityId()));
        }

        // The activation's loop was started by the first caller; it must not keep that caller's context.
        using var second = new Activity("second caller").Start();
        Assert.Equal(second.Id, await grain.CallAsync(static g => g.CurrentActivityId()));
    }

    [Fact]
    public async Task Many_grains_serve_concurrent_callers_without_losing_an_update()
    {
        const int Grains = 200, Callers = 4, AddsPerCaller = 25;
        await using var host = await GrainTestHost.StartAsync();
        var counters = new GrainRef<ICounterGrain>[Grains];
        for (var i = 0; i < Grains; i++)
        {
            counters[i] = host.Grains.GetGrain<ICounterGrain>(i);
        }

        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            callers[c] = Task.Run(async () =>
            {
                var calls = new List<Task>(Grains * AddsPerCaller);
                for (var n = 0; n < AddsPerCaller; n++)
                {
                    foreach (var counter in counters)
                    {
                        calls.Add(counter.CallAsync(static (g, amount) => g.Add(amount), 1));
                    }
                }
                await Task.WhenAll(calls);
            });
        }
        await Task.WhenAll(callers).WithTimeout();

        foreach (var counter in counters)
        {
            Assert.Equal(Callers * AddsPerCaller, await counter.CallAsync(static g => g.Get()));
            Assert.Equal(1, host.Probe.ActivationsOf(counter.Id));
        }
    }
}

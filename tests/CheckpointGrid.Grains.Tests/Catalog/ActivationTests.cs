using CheckpointGrid.Grains.Tests.Fixtures;
using CheckpointGrid.Grains.Tests.TestGrains;

namespace CheckpointGrid.Grains.Tests.Catalog;

/// <summary>Grains come to life on their first call, once per id, and survive their callers' faults.</summary>
public class ActivationTests
{
    [Fact]
    public async Task Concurrent_first_calls_make_exactly_one_activation()
    {
        await using var host = await GrainTestHost.StartAsync();
        for (var round = 0; round < 20; round++)
        {
            var grain = host.Grains.GetGrain<ICounterGrain>($"race-{round}");
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var callers = new Task<int>[8];
            for (var i = 0; i < callers.Length; i++)
            {
                callers[i] = Task.Run(async () =>
                {
                    await start.Task;
                    return await grain.CallAsync(static g => g.ActivationNumber());
                });
            }

            start.SetResult();

            Assert.All(await Task.WhenAll(callers).WithTimeout(), number => Assert.Equal(1, number));
            Assert.Equal(1, host.Probe.ActivationsOf(grain.Id));
        }
    }

    [Fact]
    public async Task A_faulting_turn_fails_only_that_call_and_the_activation_keeps_serving()
    {
        await using var host = await GrainTestHost.StartAsync();
        var counter = host.Grains.GetGrain<ICounterGrain>("faulty");
        await counter.CallAsync(static g => g.Add(2));

        var afterAwait = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.CallAsync(static g => g.Fail()));
        var atOnce = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.CallAsync(static g => g.FailAtOnce()));

        Assert.Equal("failed after an await", afterAwait.Message);
        Assert.Equal("failed at once", atOnce.Message);
        Assert.Equal(5, await counter.CallAsync(static g => g.Add(3)));
        Assert.Equal(1, await counter.CallAsync(static g => g.ActivationNumber()));
    }

    [Fact]
    public async Task A_failed_activation_fails_its_calls_and_the_next_call_activates_afresh()
    {
        await using var host = await GrainTestHost.StartAsync();
        var flaky = host.Grains.GetGrain<IFlakyGrain>("flaky");
        host.Probe.FailNextActivations(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flaky.CallAsync(static g => g.Ping()));

        Assert.Equal("activation failed", error.Message);
        Assert.Equal("pong", await flaky.CallAsync(static g => g.Ping()).WithTimeout());
        Assert.Equal(2, host.Probe.ActivationsOf(flaky.Id));
    }

    [Fact]
    public async Task Keys_of_every_kind_name_the_grain_by_type_and_text()
    {
        await using var host = await GrainTestHost.StartAsync();
        var guid = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");

        Assert.Equal(new GrainId("counter", "darien"), host.Grains.GetGrain<ICounterGrain>("darien").Id);
        Assert.Equal(new GrainId("counter", "-42"), host.Grains.GetGrain<ICounterGrain>(-42).Id);
        Assert.Equal(new GrainId("counter", "6f9619ff8b86d011b42d00c04fc964ff"), host.Grains.GetGrain<ICounterGrain>(guid).Id);
        Assert.Equal("journal/x", host.Grains.GetGrain<IJournalGrain>("x").Id.ToString());
    }

    [Fact]
    public async Task An_unregistered_grain_type_is_refused()
    {
        await using var host = await GrainTestHost.StartAsync();

        Assert.Throws<ArgumentException>(() => host.Grains.GetGrain<IDisposable>("nobody"));
    }
}

using CheckpointGrid.Grains.Storage;
using CheckpointGrid.Grains.Tests.TestGrains;

namespace CheckpointGrid.Grains.Tests.Storage;

public class InMemoryGrainStorageTests
{
    private static readonly GrainId Id = new("counter", "stored");

    [Fact]
    public async Task Nothing_stored_reads_as_null_at_version_zero()
    {
        var storage = new InMemoryGrainStorage();

        Assert.Equal(default, await storage.ReadAsync<CounterState>(Id, CancellationToken.None));
    }

    [Fact]
    public async Task Each_write_moves_the_version_on_and_a_stale_version_is_refused()
    {
        var storage = new InMemoryGrainStorage();

        var first = await storage.WriteAsync(Id, new CounterState { Value = 1 }, 0, CancellationToken.None);
        var second = await storage.WriteAsync(Id, new CounterState { Value = 2 }, first, CancellationToken.None);

        Assert.Equal((1L, 2L), (first, second));
        await Assert.ThrowsAsync<GrainStorageConflictException>(() => storage.WriteAsync(Id, new CounterState(), first, CancellationToken.None));
        await Assert.ThrowsAsync<GrainStorageConflictException>(() => storage.ClearAsync(Id, first, CancellationToken.None));
        Assert.Equal(2, (await storage.ReadAsync<CounterState>(Id, CancellationToken.None)).State!.Value);
    }

    [Fact]
    public async Task Stored_state_is_a_copy_that_later_changes_do_not_reach()
    {
        var storage = new InMemoryGrainStorage();
        var state = new CounterState { Value = 1 };
        await storage.WriteAsync(Id, state, 0, CancellationToken.None);

        state.Value = 99;

        Assert.Equal(1, (await storage.ReadAsync<CounterState>(Id, CancellationToken.None)).State!.Value);
    }

    [Fact]
    public async Task Clearing_removes_the_state()
    {
        var storage = new InMemoryGrainStorage();
        var version = await storage.WriteAsync(Id, new CounterState { Value = 1 }, 0, CancellationToken.None);

        await storage.ClearAsync(Id, version, CancellationToken.None);

        Assert.Equal(default, await storage.ReadAsync<CounterState>(Id, CancellationToken.None));
    }
}

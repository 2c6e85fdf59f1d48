using CheckpointGrid.Storage.Tests.Fixtures;

namespace CheckpointGrid.Storage.Tests.Contract;

/// <summary>What every <see cref="ITokenRevocationStore"/> must do; each store's test class says how to open (and reopen) it.</summary>
public abstract class TokenRevocationStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    protected ITokenRevocationStore Store { get; private set; } = null!;

    /// <summary>Opens the store under test, empty (a store may need a round trip to its server to open).</summary>
    protected abstract Task<ITokenRevocationStore> OpenAsync();

    /// <summary>Closes <paramref name="store"/> and opens it again on the same data (a restart).</summary>
    protected abstract Task<ITokenRevocationStore> ReopenAsync(ITokenRevocationStore store);

    /// <summary>Closes the store and removes its data.</summary>
    protected abstract Task CloseAsync(ITokenRevocationStore store);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public Task DisposeAsync() => CloseAsync(Store);

    [Fact]
    public async Task No_revocation_loads_empty()
    {
        Assert.Empty(await Store.LoadRevocationsAsync(default).WithTimeout());
    }

    [Fact]
    public async Task Revocations_load_whole_in_the_order_recorded_and_survive_reopening()
    {
        TokenRevocation[] revoked =
        [
            new("0193a1b2-0000-7000-8000-000000000002", "laptop lost at San Vicente", Now, Now.AddDays(30)),
            new("0193a1b2-0000-7000-8000-000000000001", "", Now.AddMinutes(1), null),
        ];
        foreach (var revocation in revoked)
        {
            Assert.Equal((revocation, true), await Store.RevokeTokenAsync(revocation, default).WithTimeout());
        }

        Assert.Equal(revoked, await Store.LoadRevocationsAsync(default).WithTimeout());
        Store = await ReopenAsync(Store);
        Assert.Equal(revoked, await Store.LoadRevocationsAsync(default).WithTimeout());
    }

    [Fact]
    public async Task Revoking_a_token_again_keeps_and_reports_the_first_revocation()
    {
        var first = new TokenRevocation("jti-1", "stolen", Now, null);
        await Store.RevokeTokenAsync(first, default).WithTimeout();

        var again = await Store.RevokeTokenAsync(first with { Reason = "again", RevokedAt = Now.AddHours(1) }, default).WithTimeout();

        Assert.Equal((first, false), again);
        Assert.Equal([first], await Store.LoadRevocationsAsync(default).WithTimeout());
    }
}

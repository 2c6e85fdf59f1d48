using System.Threading.Channels;
using CheckpointGrid.Server.Auth;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Storage;
using CheckpointGrid.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace CheckpointGrid.Server.Tests.Auth;

/// <summary>
/// The revocation list follows the store: what another silo revoked arrives at the next read (every 2 s), and a failed
/// read keeps the last list. The test answers each read itself, on a manual clock: no sleeps.
/// </summary>
public sealed class TokenRevocationRefresherTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task List_is_loaded_at_start_and_follows_the_store_every_interval()
    {
        var store = new ScriptedRevocationStore();
        var list = new TokenRevocationList();
        var time = new ManualTimeProvider();
        var refresher = new TokenRevocationRefresher(store, list, time, NullLogger<TokenRevocationRefresher>.Instance);

        var starting = refresher.StartAsync(CancellationToken.None);
        (await store.NextReadAsync()).SetResult([Revoked("first")]);
        await starting.WaitAsync(GridServer.Patience);
        Assert.True(list.IsRevoked("first"));

        // Another silo revokes "second": this silo sees it at its next read. (That the read after it is asked for shows
        // the refresher has applied this one: the answer may be taken on the refresher's thread.)
        time.Advance(TokenRevocationRefresher.Interval);
        (await store.NextReadAsync()).SetResult([Revoked("first"), Revoked("second")]);
        time.Advance(TokenRevocationRefresher.Interval);
        var third = await store.NextReadAsync();
        Assert.True(list.IsRevoked("second"));

        // The store is unreachable for a moment: the list read last stays in force.
        third.SetException(new IOException("database is locked"));
        time.Advance(TokenRevocationRefresher.Interval);
        var fourth = await store.NextReadAsync();
        Assert.True(list.IsRevoked("first"));
        Assert.True(list.IsRevoked("second"));
        fourth.SetResult([Revoked("first"), Revoked("second")]);

        await refresher.StopAsync(CancellationToken.None).WaitAsync(GridServer.Patience);
    }

    [Fact]
    public void A_read_that_began_before_a_local_revocation_does_not_drop_it()
    {
        var list = new TokenRevocationList();
        list.Add("local");

        list.Replace([Revoked("elsewhere")]);

        Assert.True(list.IsRevoked("local"));
        Assert.True(list.IsRevoked("elsewhere"));
        Assert.Equal(2, list.Count);
    }

    private static TokenRevocation Revoked(string tokenId) => new(tokenId, "", Now, null);

    /// <summary>A store whose reads the test answers: each read waits until the test gives its result.</summary>
    private sealed class ScriptedRevocationStore : ITokenRevocationStore
    {
        private readonly Channel<TaskCompletionSource<IReadOnlyList<TokenRevocation>>> _reads = Channel.CreateUnbounded<TaskCompletionSource<IReadOnlyList<TokenRevocation>>>();

        public Task<IReadOnlyList<TokenRevocation>> LoadRevocationsAsync(CancellationToken cancellationToken)
        {
            var read = new TaskCompletionSource<IReadOnlyList<TokenRevocation>>();
            _reads.Writer.TryWrite(read);
            return read.Task;
        }

        public Task<(TokenRevocation InForce, bool Added)> RevokeTokenAsync(TokenRevocation revocation, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        /// <summary>The refresher's next read, once it has asked for it; the test then answers or fails it.</summary>
        public async Task<TaskCompletionSource<IReadOnlyList<TokenRevocation>>> NextReadAsync() =>
            await _reads.Reader.ReadAsync().AsTask().WaitAsync(GridServer.Patience);
    }
}

using System.Diagnostics;
using CheckpointGrid.Storage.Tests.Fixtures;
using Npgsql;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>
/// A silo that hangs mid-commit (SIGSTOP, a frozen VM) leaves its session idle in an open transaction, holding the
/// version rows it locked: every other silo's commit of those checkpoints waits on it. The store's sessions carry an
/// idle-in-transaction timeout, so PostgreSQL ends the hung one and the others go on.
/// </summary>
public sealed class PostgresHungSiloTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_silo_hung_mid_commit_holds_its_checkpoints_only_until_the_idle_in_transaction_timeout()
    {
        var options = await server.NewDatabaseAsync();
        options.IdleInTransactionTimeout = TimeSpan.FromSeconds(2);
        await using var live = await PostgresCrossingStore.OpenAsync(options);
        var writer = new CheckpointWriter(SanVicente);
        StoreAssert.Committed(await writer.StreamAsync(live, Laptop1, 1, Event("before", Laptop1, 1)));

        // The hung silo: a session of the store's kind that locked San Vicente's version row, as the writer's first
        // statement does, and then heard nothing more from its process.
        await using var hung = new NpgsqlConnection(PostgresCrossingStore.SessionConnectionString(options));
        await hung.OpenAsync();
        await using var transaction = await hung.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT version FROM checkpoint_versions WHERE checkpoint_id = $1 FOR UPDATE", hung, transaction))
        {
            lockRow.Parameters.AddWithValue(SanVicente.Value);
            Assert.Equal(1L, await lockRow.ExecuteScalarAsync());
        }

        var waited = Stopwatch.StartNew();
        StoreAssert.Committed(await writer.StreamAsync(live, Laptop1, 2, Event("after", Laptop1, 2)));
        waited.Stop();

        // It waited for the hung session, and not much longer than the timeout.
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        Assert.Equal(["after", "before"], (await PostgresRaw.EventIdsAsync(options.ConnectionString, SanVicente)).Order());
        // PostgreSQL ended the hung session: its transaction is gone.
        await Assert.ThrowsAnyAsync<Exception>(() => transaction.CommitAsync());
    }
}

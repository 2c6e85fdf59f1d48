using CheckpointGrid.Storage.Postgres.Membership;
using CheckpointGrid.Storage.Tests.Fixtures;
using Npgsql;

namespace CheckpointGrid.Storage.Tests.Postgres.Membership;

/// <summary>The membership schema installer: safe when silos start together, idempotent, and the owner of its statements only.</summary>
public sealed class PostgresMembershipSchemaTests(MembershipPostgres postgres) : IClassFixture<MembershipPostgres>
{
    private static readonly string[] ProviderKeys =
    [
        "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey",
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
    ];

    [Fact]
    public async Task Three_silos_creating_the_schema_at_once_all_succeed_and_the_provider_can_use_it()
    {
        var database = await postgres.Server.CreateDatabaseAsync();

        // Without the advisory lock, concurrent CREATE TABLE IF NOT EXISTS of one table can fail on pg_type's unique index.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresMembershipSchema.EnsureCreatedAsync(database, CancellationToken.None)))).WithTimeout();

        Assert.Equal(ProviderKeys, await QueryKeysAsync(database));
        var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, "checkpointgrid", CancellationToken.None).WithTimeout();
        using var _ = provider;
        Assert.Equal(0, (await table.ReadAllAsync(CancellationToken.None).WithTimeout()).Version.Version);
    }

    [Fact]
    public async Task Running_again_keeps_the_clusters_rows_rewrites_its_statements_and_leaves_other_providers_statements()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, "checkpointgrid", CancellationToken.None).WithTimeout();
        using var _ = provider;
        var silo = new MembershipEntry
        {
            SiloAddress = SiloAddress.New(System.Net.IPAddress.Loopback, 11111, 1),
            SiloName = "silo",
            HostName = "host",
            Status = SiloStatus.Active,
            StartTime = new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc),
            IAmAliveTime = new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc),
        };
        Assert.True(await table.InsertRowAsync(silo, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None).WithTimeout());
        await ExecuteAsync(database, "UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'GatewaysQueryKey'");
        await ExecuteAsync(database, "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', 'SELECT 2')");

        await PostgresMembershipSchema.EnsureCreatedAsync(database, CancellationToken.None).WithTimeout();

        var keys = await QueryKeysAsync(database);
        Assert.Equal([.. ProviderKeys.Append("ReadReminderRowsKey").Order(StringComparer.Ordinal)], keys);
        Assert.Contains("membership_silo", await ScalarAsync(database, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'GatewaysQueryKey'"), StringComparison.Ordinal);
        Assert.Equal("SELECT 2", await ScalarAsync(database, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'ReadReminderRowsKey'"));
        var after = await table.ReadAllAsync(CancellationToken.None).WithTimeout();
        Assert.Equal(1, after.Version.Version);
        Assert.Single(after.Members);
    }

    private static async Task<string[]> QueryKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }
        return [.. keys];
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

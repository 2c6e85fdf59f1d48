using CheckpointGrid.Core;
using Npgsql;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>Reads and writes a store's database behind its back, to check what it holds.</summary>
public static class PostgresRaw
{
    /// <summary>The checkpoint's stored event ids, sorted (ordinal).</summary>
    public static async Task<string[]> EventIdsAsync(string connectionString, CheckpointId checkpoint)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT event_id FROM events WHERE checkpoint_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = checkpoint.Value });
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        ids.Sort(StringComparer.Ordinal);
        return [.. ids];
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}

using CheckpointGrid.Core;
using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Storage.Tests.Fixtures;

/// <summary>A second, independent connection to a store's file: what another process would see.</summary>
public sealed class RawDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    public RawDatabase(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
    }

    public object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of every row a query returns, as text.</summary>
    public string[] Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }
        return [.. rows];
    }

    /// <summary>The ids of a checkpoint's stored events, in the order stored.</summary>
    public string[] EventIds(CheckpointId checkpoint)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT event_id FROM events WHERE checkpoint_id = $checkpoint_id ORDER BY rowid;";
        command.Parameters.AddWithValue("$checkpoint_id", checkpoint.Value);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return [.. ids];
    }

    public void Dispose() => _connection.Dispose();
}

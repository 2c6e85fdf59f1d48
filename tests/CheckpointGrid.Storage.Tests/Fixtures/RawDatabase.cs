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

    public void Dispose() => _connection.Dispose();
}

using CheckpointGrid.Core.Catalog;
using Google.Protobuf;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// The catalog table: each checkpoint as the API's Checkpoint message, read back through the same rules as an added one.
/// A save runs on a connection of its own rather than through the writer's queue: saves are rare (an operator's edit),
/// and SQLite's lock with the busy timeout orders them with the writer's transactions.
/// </summary>
internal static class SqliteCatalog
{
    private const string LoadSql = "SELECT checkpoint_id, checkpoint FROM catalog ORDER BY rowid;";

    private const string SaveSql = """
        INSERT INTO catalog (checkpoint_id, checkpoint) VALUES ($checkpoint_id, $checkpoint)
        ON CONFLICT (checkpoint_id) DO UPDATE SET checkpoint = excluded.checkpoint;
        """;

    /// <summary>Every saved checkpoint in the order first saved. Throws <see cref="InvalidDataException"/> for an entry the catalog's rules refuse.</summary>
    public static IReadOnlyList<Checkpoint> Load(SqliteDatabase database)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = LoadSql;
        using var reader = command.ExecuteReader();
        var checkpoints = new List<Checkpoint>();
        while (reader.Read())
        {
            var proto = ProtoCheckpoint.Parser.ParseFrom(reader.GetFieldValue<byte[]>(1));
            if (!CheckpointValidator.TryCreate(proto, out var checkpoint, out var error))
            {
                throw new InvalidDataException($"The stored catalog entry '{reader.GetString(0)}' breaks a catalog rule: {error}.");
            }
            checkpoints.Add(checkpoint);
        }
        return checkpoints;
    }

    /// <summary>Inserts or replaces the entry with its id, durably (the writer connection's synchronous level) before returning.</summary>
    public static void Save(SqliteDatabase database, ProtoCheckpoint checkpoint)
    {
        using var connection = database.OpenWriter();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SaveSql;
        command.Parameters.AddWithValue("$checkpoint_id", checkpoint.Id);
        command.Parameters.AddWithValue("$checkpoint", checkpoint.ToByteArray());
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}

using CheckpointGrid.Core.Catalog;
using Google.Protobuf;
using Npgsql;
using ProtoCheckpoint = CheckpointGrid.Contracts.V1.Checkpoint;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>
/// The catalog table: each checkpoint as the API's Checkpoint message, read back through the same rules as an added one.
/// A save is one autocommitted upsert on a pooled connection rather than a trip through the writer's queue: saves
/// are rare (an operator's edit), and touch no row a commit does.
/// </summary>
internal static class PostgresCatalog
{
    private const string LoadSql = "SELECT checkpoint_id, checkpoint FROM catalog ORDER BY position";

    private const string SaveSql = """
        INSERT INTO catalog (checkpoint_id, checkpoint) VALUES ($1, $2)
        ON CONFLICT (checkpoint_id) DO UPDATE SET checkpoint = excluded.checkpoint
        """;

    /// <summary>Every saved checkpoint in the order first saved. Throws <see cref="InvalidDataException"/> for an entry the catalog's rules refuse.</summary>
    public static async Task<IReadOnlyList<Checkpoint>> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LoadSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = new List<Checkpoint>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
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

    /// <summary>Inserts or replaces the entry with its id; committed before returning.</summary>
    public static async Task SaveAsync(NpgsqlDataSource dataSource, ProtoCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SaveSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = checkpoint.Id });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = checkpoint.ToByteArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>Reads one checkpoint's log: its events in commit order and its terminals' durable sequences, from one snapshot.</summary>
internal static class SqliteCheckpointReader
{
    private const string EventsSql = """
        SELECT event_id, terminal_id, sequence, occurred_at, movement, direction, nationality, age_group, sex, headcount, recorded_at
        FROM events WHERE checkpoint_id = $checkpoint_id ORDER BY rowid;
        """;

    private const string TerminalsSql = "SELECT terminal_id, durable_sequence FROM terminals WHERE checkpoint_id = $checkpoint_id;";

    public static CheckpointLog Load(SqliteDatabase database, CheckpointId checkpoint, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        // One read transaction is one WAL snapshot: events and sequences agree even while the writer commits.
        using var transaction = connection.BeginTransaction(deferred: true);
        var crossings = ReadCrossings(connection, transaction, checkpoint, cancellationToken);
        var sequences = ReadSequences(connection, transaction, checkpoint);
        transaction.Commit();
        return new CheckpointLog(crossings, sequences);
    }

    private static List<StoredCrossing> ReadCrossings(
        SqliteConnection connection, SqliteTransaction transaction, CheckpointId checkpoint, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = EventsSql;
        command.Parameters.AddWithValue("$checkpoint_id", checkpoint.Value);
        using var reader = command.ExecuteReader();
        var crossings = new List<StoredCrossing>();
        while (reader.Read())
        {
            if ((crossings.Count & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var crossing = new CrossingEvent
            {
                EventId = reader.GetString(0),
                CheckpointId = checkpoint.Value,
                TerminalId = reader.GetString(1),
                Sequence = (ulong)reader.GetInt64(2),
                OccurredAt = UnixNanoseconds.ToTimestamp(reader.GetInt64(3)),
                Movement = (Movement)reader.GetInt32(4),
                Direction = (Direction)reader.GetInt32(5),
                Nationality = reader.GetString(6),
                AgeGroup = (AgeGroup)reader.GetInt32(7),
                Sex = (Sex)reader.GetInt32(8),
                Headcount = (uint)reader.GetInt64(9),
            };
            crossings.Add(new StoredCrossing(crossing, UnixNanoseconds.ToDateTimeOffset(reader.GetInt64(10))));
        }
        return crossings;
    }

    private static Dictionary<TerminalId, ulong> ReadSequences(SqliteConnection connection, SqliteTransaction transaction, CheckpointId checkpoint)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = TerminalsSql;
        command.Parameters.AddWithValue("$checkpoint_id", checkpoint.Value);
        using var reader = command.ExecuteReader();
        var sequences = new Dictionary<TerminalId, ulong>();
        while (reader.Read())
        {
            sequences[TerminalId.Parse(reader.GetString(0))] = (ulong)reader.GetInt64(1);
        }
        return sequences;
    }
}

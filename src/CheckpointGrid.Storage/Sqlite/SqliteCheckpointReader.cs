using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>Reads one checkpoint's state, its version, counts rows and terminals' durable sequences, from one snapshot; never its events.</summary>
internal static class SqliteCheckpointReader
{
    private const string VersionSql = "SELECT version, shelter_occupants, last_recorded_at FROM checkpoint_versions WHERE checkpoint_id = $checkpoint_id;";

    private const string RowsSql = "SELECT kind, bucket, tally FROM counts_rows WHERE checkpoint_id = $checkpoint_id;";

    private const string TerminalsSql = "SELECT terminal_id, durable_sequence FROM terminals WHERE checkpoint_id = $checkpoint_id;";

    public static CheckpointState Load(SqliteDatabase database, CheckpointId checkpoint, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        // One read transaction is one WAL snapshot: version, rows and sequences agree even while the writer commits.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$checkpoint_id", checkpoint.Value);

        command.CommandText = VersionSql;
        ulong version = 0;
        long occupants = 0;
        DateTimeOffset? lastRecordedAt = null;
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                version = (ulong)reader.GetInt64(0);
                occupants = reader.GetInt64(1);
                lastRecordedAt = reader.IsDBNull(2) ? null : UnixNanoseconds.ToDateTimeOffset(reader.GetInt64(2));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var rows = ReadRows(command);
        var sequences = ReadSequences(command);
        transaction.Commit();
        return new CheckpointState(version, occupants, lastRecordedAt, rows, sequences);
    }

    private static List<CountsRow> ReadRows(SqliteCommand command)
    {
        command.CommandText = RowsSql;
        using var reader = command.ExecuteReader();
        var rows = new List<CountsRow>();
        while (reader.Read())
        {
            rows.Add(new CountsRow((BucketKind)reader.GetInt32(0), reader.GetInt32(1), TallyBlob.Decode(reader.GetFieldValue<byte[]>(2))));
        }
        return rows;
    }

    private static Dictionary<TerminalId, ulong> ReadSequences(SqliteCommand command)
    {
        command.CommandText = TerminalsSql;
        using var reader = command.ExecuteReader();
        var sequences = new Dictionary<TerminalId, ulong>();
        while (reader.Read())
        {
            sequences[TerminalId.Parse(reader.GetString(0))] = (ulong)reader.GetInt64(1);
        }
        return sequences;
    }
}

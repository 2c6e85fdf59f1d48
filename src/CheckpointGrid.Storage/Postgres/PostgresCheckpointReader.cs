using System.Data;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using Npgsql;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>Reads one checkpoint's state, its version, counts rows and terminals' durable sequences, from one snapshot; never its events.</summary>
internal static class PostgresCheckpointReader
{
    private const string VersionSql = "SELECT version, shelter_occupants, last_recorded_at FROM checkpoint_versions WHERE checkpoint_id = $1";

    private const string RowsSql = "SELECT kind, bucket, tally FROM counts_rows WHERE checkpoint_id = $1";

    private const string TerminalsSql = "SELECT terminal_id, durable_sequence FROM terminals WHERE checkpoint_id = $1";

    public static async Task<CheckpointState> LoadAsync(NpgsqlDataSource dataSource, CheckpointId checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One repeatable-read transaction is one snapshot: version, rows and sequences agree while silos commit.
        // The three queries go in one round trip.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in (ReadOnlySpan<string>)[VersionSql, RowsSql, TerminalsSql])
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = checkpoint.Value });
            batch.BatchCommands.Add(command);
        }

        ulong version = 0;
        long occupants = 0;
        DateTimeOffset? lastRecordedAt = null;
        var rows = new List<CountsRow>();
        var sequences = new Dictionary<TerminalId, ulong>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = (ulong)reader.GetInt64(0);
                occupants = reader.GetInt64(1);
                lastRecordedAt = reader.IsDBNull(2) ? null : UnixNanoseconds.ToDateTimeOffset(reader.GetInt64(2));
            }
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new CountsRow((BucketKind)reader.GetInt32(0), reader.GetInt32(1), TallyBlob.Decode(reader.GetFieldValue<byte[]>(2))));
            }
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sequences[TerminalId.Parse(reader.GetString(0))] = (ulong)reader.GetInt64(1);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CheckpointState(version, occupants, lastRecordedAt, rows, sequences);
    }
}

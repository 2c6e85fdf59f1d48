using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// Part of migration 2: gives each checkpoint of a database written before counts were stored the state its grain
/// used to rebuild at every activation, by replaying its events through <see cref="ScopeCounter"/> once, inside the
/// migration's transaction. Each such checkpoint gets version 1.
/// </summary>
internal static class SqliteCountsRebuild
{
    // Counting does not depend on the order of events (BucketRing's invariant), so one scan in storage order will do.
    private const string EventsSql = """
        SELECT checkpoint_id, occurred_at, movement, direction, nationality, age_group, sex, headcount, recorded_at FROM events;
        """;

    private const string WriteRowSql = "INSERT INTO counts_rows (checkpoint_id, kind, bucket, tally) VALUES ($checkpoint_id, $kind, $bucket, $tally);";

    private const string WriteVersionSql = """
        INSERT INTO checkpoint_versions (checkpoint_id, version, shelter_occupants, last_recorded_at)
        VALUES ($checkpoint_id, 1, $shelter_occupants, $last_recorded_at);
        """;

    // A checkpoint whose batches all had no events still has durable sequences: it was committed too.
    private const string VersionTerminalsOnlySql = """
        INSERT OR IGNORE INTO checkpoint_versions (checkpoint_id, version, shelter_occupants, last_recorded_at)
        SELECT DISTINCT checkpoint_id, 1, 0, NULL FROM terminals;
        """;

    public static void Run(SqliteConnection connection, SqliteTransaction transaction)
    {
        var counters = Replay(connection, transaction);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        foreach (var (checkpoint, counter) in counters)
        {
            command.CommandText = WriteRowSql;
            foreach (var row in counter.Rows())
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$checkpoint_id", checkpoint);
                command.Parameters.AddWithValue("$kind", (int)row.Kind);
                command.Parameters.AddWithValue("$bucket", row.Bucket);
                command.Parameters.AddWithValue("$tally", TallyBlob.Encode(row.Tally));
                command.ExecuteNonQuery();
            }

            command.CommandText = WriteVersionSql;
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$checkpoint_id", checkpoint);
            command.Parameters.AddWithValue("$shelter_occupants", counter.ShelterOccupants);
            command.Parameters.AddWithValue("$last_recorded_at", counter.LastRecordedAt is { } last ? UnixNanoseconds.From(last) : DBNull.Value);
            command.ExecuteNonQuery();
        }
        SqliteDatabase.Execute(connection, VersionTerminalsOnlySql, transaction);
    }

    private static Dictionary<string, ScopeCounter> Replay(SqliteConnection connection, SqliteTransaction transaction)
    {
        var counters = new Dictionary<string, ScopeCounter>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = EventsSql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var crossing = new CrossingEvent
            {
                OccurredAt = UnixNanoseconds.ToTimestamp(reader.GetInt64(1)),
                Movement = (Movement)reader.GetInt32(2),
                Direction = (Direction)reader.GetInt32(3),
                Nationality = reader.GetString(4),
                AgeGroup = (AgeGroup)reader.GetInt32(5),
                Sex = (Sex)reader.GetInt32(6),
                Headcount = (uint)reader.GetInt64(7),
            };
            var checkpoint = reader.GetString(0);
            if (!counters.TryGetValue(checkpoint, out var counter))
            {
                counters.Add(checkpoint, counter = new ScopeCounter());
            }
            try
            {
                counter.Apply(crossing, UnixNanoseconds.ToDateTimeOffset(reader.GetInt64(8)));
            }
            catch (ArgumentException)
            {
                // Only validated events are committed, so this should not happen. Such an event made activation
                // fail before; it must not stop the database from opening now: it stays in events, uncounted.
            }
        }
        return counters;
    }
}

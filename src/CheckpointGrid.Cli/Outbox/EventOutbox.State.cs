using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Cli.Outbox;

/// <summary>The outbox_state row and the rejections table.</summary>
public sealed partial class EventOutbox
{
    private static EventOutbox LoadOrCreate(
        string path, SqliteConnection connection, (CheckpointId Checkpoint, TerminalId Terminal)? identity, OutboxOptions options, TimeProvider time)
    {
        using var transaction = connection.BeginTransaction();
        OutboxSchema.Create(connection, transaction);
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT checkpoint_id, terminal_id, last_sequence, acked_through, synced FROM outbox_state WHERE id = 1;";
        using (var reader = select.ExecuteReader())
        {
            if (reader.Read())
            {
                var checkpoint = CheckpointId.Parse(reader.GetString(0));
                var terminal = TerminalId.Parse(reader.GetString(1));
                if (identity is { } expected && (expected.Checkpoint != checkpoint || expected.Terminal != terminal))
                {
                    throw new InvalidOperationException(
                        $"Outbox {path} belongs to terminal {terminal} at {checkpoint}, not {expected.Terminal} at {expected.Checkpoint}: each terminal numbers its own events.");
                }

                var outbox = new EventOutbox(path, connection, checkpoint, terminal, options, time)
                {
                    _last = (ulong)reader.GetInt64(2),
                    _ackedThrough = (ulong)reader.GetInt64(3),
                    _synced = reader.GetInt64(4) != 0,
                };
                reader.Close();
                transaction.Commit();
                return outbox;
            }
        }

        if (identity is not { } created)
        {
            throw new InvalidOperationException($"{path} is not an outbox: it has no terminal state.");
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO outbox_state (id, checkpoint_id, terminal_id, last_sequence, acked_through, synced, created_at)
            VALUES (1, $checkpoint, $terminal, 0, 0, 0, $now);
            """;
        insert.Parameters.AddWithValue("$checkpoint", created.Checkpoint.Value);
        insert.Parameters.AddWithValue("$terminal", created.Terminal.Value);
        insert.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
        transaction.Commit();
        return new EventOutbox(path, connection, created.Checkpoint, created.Terminal, options, time);
    }

    private void WriteState(SqliteTransaction transaction, ulong last, ulong ackedThrough, bool synced)
    {
        using var update = _connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE outbox_state SET last_sequence = $last, acked_through = $acked, synced = $synced WHERE id = 1;";
        update.Parameters.AddWithValue("$last", checked((long)last));
        update.Parameters.AddWithValue("$acked", checked((long)ackedThrough));
        update.Parameters.AddWithValue("$synced", synced ? 1 : 0);
        update.ExecuteNonQuery();
    }

    private void InsertRejections(SqliteTransaction transaction, IReadOnlyList<EventRejection> rejections)
    {
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO outbox_rejections (sequence, event_id, field, reason, rejected_at, payload)
            VALUES ($sequence, $event_id, $field, $reason, $at, (SELECT payload FROM outbox_events WHERE sequence = $sequence));
            """;
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var eventId = insert.Parameters.Add("$event_id", SqliteType.Text);
        var field = insert.Parameters.Add("$field", SqliteType.Text);
        var reason = insert.Parameters.Add("$reason", SqliteType.Text);
        insert.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
        for (var i = 0; i < rejections.Count; i++)
        {
            var rejection = rejections[i];
            sequence.Value = checked((long)rejection.Sequence);
            eventId.Value = rejection.EventId;
            field.Value = rejection.Field;
            reason.Value = rejection.Reason;
            insert.ExecuteNonQuery();
        }
    }
}

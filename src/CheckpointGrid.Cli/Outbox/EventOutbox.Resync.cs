using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Cli.Outbox;

/// <summary>Following the server's next_sequence when a stream opens.</summary>
public sealed partial class EventOutbox
{
    /// <summary>
    /// Takes the server's next_sequence as the truth, before anything is sent on a new stream. Events
    /// below it are settled (their ack was lost, or the server had them); if the server expects more
    /// than this outbox numbered, unacknowledged events are renumbered to follow it; if it expects
    /// events it had acknowledged, the outbox sends them again (or, when pruned, renumbers what it
    /// holds down to it). Resending is always safe: the server deduplicates by event_id. After this,
    /// <see cref="Read"/> from <paramref name="nextSequence"/> returns what to send.
    /// </summary>
    public OutboxResync Resync(ulong nextSequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nextSequence, 1UL);
        lock (_gate)
        {
            ThrowIfDisposed();
            var last = _last;
            var acked = _ackedThrough;
            var kind = OutboxResyncKind.InStep;
            long renumbered = 0;
            long lost = 0;
            using var transaction = _connection.BeginTransaction();
            // An outbox that never synced has sent nothing: whatever the server holds of this terminal came from
            // elsewhere (an earlier outbox, another device), even where the numbers overlap its own.
            if (nextSequence > last + 1 || (!_synced && nextSequence > acked + 1))
            {
                // The server knows sequences this outbox never gave: move the unacknowledged events after them.
                kind = _synced ? OutboxResyncKind.ServerAhead : OutboxResyncKind.Adopted;
                var offset = checked((long)(nextSequence - (acked + 1)));
                renumbered = Shift(transaction, above: acked, offset);
                last = checked((ulong)((long)last + offset));
                acked = nextSequence - 1;
            }
            else if (nextSequence > acked)
            {
                acked = nextSequence - 1;
            }
            else
            {
                var oldest = OldestHeld(transaction) ?? last + 1;
                if (oldest <= nextSequence)
                {
                    kind = OutboxResyncKind.ServerBehindResent;
                }
                else
                {
                    // The events the server lost are pruned: close the hole by moving what is held down.
                    kind = OutboxResyncKind.ServerBehindLost;
                    var offset = checked((long)(oldest - nextSequence));
                    lost = offset;
                    renumbered = Shift(transaction, above: 0, -offset);
                    last -= (ulong)offset;
                }

                acked = nextSequence - 1;
            }

            WriteState(transaction, last, acked, synced: true);
            transaction.Commit();
            var result = new OutboxResync(kind, nextSequence, _ackedThrough, _last, renumbered, lost);
            _last = last;
            _ackedThrough = acked;
            _synced = true;
            return result;
        }
    }

    /// <summary>Adds <paramref name="offset"/> to the sequence of every event above a sequence; returns how many moved.</summary>
    private long Shift(SqliteTransaction transaction, ulong above, long offset)
    {
        if (offset == 0)
        {
            return 0;
        }

        // Through negative values, so no row ever collides with another on the primary key mid-update.
        using var shift = _connection.CreateCommand();
        shift.Transaction = transaction;
        shift.CommandText = "UPDATE outbox_events SET sequence = -(sequence + $offset) WHERE sequence > $above;";
        shift.Parameters.AddWithValue("$offset", offset);
        shift.Parameters.AddWithValue("$above", checked((long)above));
        var moved = shift.ExecuteNonQuery();
        using var restore = _connection.CreateCommand();
        restore.Transaction = transaction;
        restore.CommandText = "UPDATE outbox_events SET sequence = -sequence WHERE sequence < 0;";
        restore.ExecuteNonQuery();
        return moved;
    }

    private ulong? OldestHeld(SqliteTransaction transaction)
    {
        using var select = _connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT MIN(sequence) FROM outbox_events;";
        return select.ExecuteScalar() is long oldest ? (ulong)oldest : null;
    }
}

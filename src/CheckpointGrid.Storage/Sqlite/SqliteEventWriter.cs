using CheckpointGrid.Contracts.V1;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// Owns the writer connection and its prepared statements, and writes a group of batches as one
/// transaction. Used only by the writer thread. After a failed write it is discarded and a new one
/// opened, so a connection left in an unknown state is never reused.
/// </summary>
/// <remarks>
/// The statements run through SQLitePCLRaw directly, on the connection's handle: per event that is a few
/// binds and one step, with no allocation. Through ADO.NET each execution cost a data reader and boxed
/// values, about 1.4 KB of garbage and twice the CPU per event (measured on this project's machines).
/// </remarks>
internal sealed class SqliteEventWriter : IDisposable
{
    private const string InsertEventSql = """
        INSERT INTO events (checkpoint_id, event_id, terminal_id, sequence, occurred_at, movement, direction,
                            nationality, age_group, sex, headcount, recorded_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        ON CONFLICT (checkpoint_id, event_id) DO NOTHING;
        """;

    private const string RaiseSequenceSql = """
        INSERT INTO terminals (checkpoint_id, terminal_id, durable_sequence) VALUES (?1, ?2, ?3)
        ON CONFLICT (checkpoint_id, terminal_id) DO UPDATE SET durable_sequence = MAX(durable_sequence, excluded.durable_sequence);
        """;

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _insertEvent;
    private readonly sqlite3_stmt _raiseSequence;

    private SqliteEventWriter(SqliteConnection connection)
    {
        _connection = connection;
        _db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        // IMMEDIATE takes the write lock at BEGIN, so lock waits (another process) happen before any work.
        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _insertEvent = Prepare(InsertEventSql);
        _raiseSequence = Prepare(RaiseSequenceSql);
    }

    /// <summary>Opens a writer connection to <paramref name="database"/> and prepares the statements on it.</summary>
    public static SqliteEventWriter Open(SqliteDatabase database) => Over(database.OpenWriter());

    /// <summary>Prepares the statements on an open writer connection, which it then owns (and closes if preparing fails).</summary>
    public static SqliteEventWriter Over(SqliteConnection connection)
    {
        try
        {
            return new SqliteEventWriter(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes every batch of <paramref name="group"/> in one transaction and commits it, filling each batch's
    /// results in order (an event id met earlier in the same transaction is a duplicate too). Throws, with
    /// the transaction rolled back, if anything fails.
    /// </summary>
    public WriteCounts Write(List<PendingCommit> group)
    {
        Step(_begin);
        try
        {
            var stored = 0;
            var duplicates = 0;
            foreach (var pending in group)
            {
                var written = WriteBatch(pending);
                stored += written;
                duplicates += pending.Results.Length - written;
            }
            Step(_commit);
            return new WriteCounts(stored, duplicates);
        }
        catch
        {
            if (raw.sqlite3_get_autocommit(_db) == 0)
            {
                raw.sqlite3_step(_rollback);
                raw.sqlite3_reset(_rollback);
            }
            throw;
        }
    }

    public void Dispose()
    {
        // Statements first: a connection closed with statements alive lingers until they are finalized.
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _insertEvent.Dispose();
        _raiseSequence.Dispose();
        _connection.Dispose();
    }

    /// <summary>Writes one batch; returns how many of its events were new.</summary>
    private int WriteBatch(PendingCommit pending)
    {
        var batch = pending.Batch;
        var checkpoint = batch.Checkpoint.Value;
        var batchTerminal = batch.Terminal?.Value ?? string.Empty;
        var recordedAt = UnixNanoseconds.From(batch.RecordedAt);
        var events = batch.Events;
        var results = pending.Results;
        var written = 0;
        for (var i = 0; i < events.Count; i++)
        {
            BindEvent(checkpoint, events[i], batchTerminal, recordedAt);
            Step(_insertEvent);
            // ON CONFLICT DO NOTHING changes no row for an id already stored, this transaction's included.
            if (raw.sqlite3_changes(_db) == 1)
            {
                results[i] = true;
                written++;
            }
        }

        if (batch is { Terminal: { } terminal, DurableThrough: { } through })
        {
            Check(raw.sqlite3_bind_text(_raiseSequence, 1, checkpoint));
            Check(raw.sqlite3_bind_text(_raiseSequence, 2, terminal.Value));
            Check(raw.sqlite3_bind_int64(_raiseSequence, 3, (long)through));
            Step(_raiseSequence);
        }
        return written;
    }

    private void BindEvent(string checkpoint, CrossingEvent crossing, string batchTerminal, long recordedAt)
    {
        var statement = _insertEvent;
        Check(raw.sqlite3_bind_text(statement, 1, checkpoint));
        Check(raw.sqlite3_bind_text(statement, 2, crossing.EventId));
        Check(raw.sqlite3_bind_text(statement, 3, crossing.TerminalId.Length != 0 ? crossing.TerminalId : batchTerminal));
        Check(raw.sqlite3_bind_int64(statement, 4, (long)crossing.Sequence));
        Check(raw.sqlite3_bind_int64(statement, 5, UnixNanoseconds.From(crossing.OccurredAt)));
        Check(raw.sqlite3_bind_int(statement, 6, (int)crossing.Movement));
        Check(raw.sqlite3_bind_int(statement, 7, (int)crossing.Direction));
        Check(raw.sqlite3_bind_text(statement, 8, crossing.Nationality));
        Check(raw.sqlite3_bind_int(statement, 9, (int)crossing.AgeGroup));
        Check(raw.sqlite3_bind_int(statement, 10, (int)crossing.Sex));
        Check(raw.sqlite3_bind_int64(statement, 11, crossing.Headcount));
        Check(raw.sqlite3_bind_int64(statement, 12, recordedAt));
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement, out _));
        return statement;
    }

    /// <summary>Runs a statement that returns no rows, and resets it for the next use.</summary>
    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            try
            {
                // The message is the connection's last error, read before reset can touch it.
                SqliteException.ThrowExceptionForRC(rc, _db);
                throw new InvalidOperationException($"SQLite returned {rc} where a statement without rows should be done.");
            }
            finally
            {
                raw.sqlite3_reset(statement);
            }
        }
        raw.sqlite3_reset(statement);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}

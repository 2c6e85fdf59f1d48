using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage.GroupCommit;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// Owns the writer connection and its prepared statements, and writes a group of batches as one transaction. Used only
/// by the writer thread. After a failed write it is discarded and a new one opened, so a connection left in an unknown
/// state is never reused.
/// </summary>
/// <remarks>
/// The statements run through SQLitePCLRaw directly, on the connection's handle: per event that is a few binds and
/// one step, with no allocation. Through ADO.NET each execution cost a data reader and boxed values, about 1.4 KB of
/// garbage and twice the CPU per event (measured on this project's machines).
/// <para>
/// Per batch the writer does only what the batch needs: it is the database's one writer, so it keeps each checkpoint's
/// version and the stale-row bound it last deleted through in memory (read from the database on first use; dropped
/// with anything a transaction that did not commit may have left in them). A batch with duplicate event ids is rare
/// (a resend the checkpoint could not tell was stored): rather than a savepoint around every batch, which journals
/// every page a batch touches, the transaction is rolled back and the group written again without that batch.
/// </para>
/// </remarks>
internal sealed class SqliteBatchWriter : IDisposable
{
    private const string InsertEventSql = """
        INSERT INTO events (checkpoint_id, event_id, terminal_id, sequence, occurred_at, movement, direction,
                            nationality, age_group, sex, headcount, recorded_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        ON CONFLICT (checkpoint_id, event_id) DO NOTHING;
        """;

    private const string WriteRowSql = """
        INSERT INTO counts_rows (checkpoint_id, kind, bucket, tally) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (checkpoint_id, kind, bucket) DO UPDATE SET tally = excluded.tally;
        """;

    private const string DeleteStaleRowsSql = "DELETE FROM counts_rows WHERE checkpoint_id = ?1 AND kind = ?2 AND bucket <= ?3;";

    private const string WriteVersionSql = """
        INSERT INTO checkpoint_versions (checkpoint_id, version, shelter_occupants, last_recorded_at) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (checkpoint_id) DO UPDATE SET
            version = excluded.version, shelter_occupants = excluded.shelter_occupants, last_recorded_at = excluded.last_recorded_at;
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
    private readonly sqlite3_stmt _readVersion;
    private readonly sqlite3_stmt _insertEvent;
    private readonly sqlite3_stmt _writeRow;
    private readonly sqlite3_stmt _deleteStaleRows;
    private readonly sqlite3_stmt _writeVersion;
    private readonly sqlite3_stmt _raiseSequence;

    // What the database holds, as far as this writer knows; see the remarks.
    private readonly Dictionary<string, ulong> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Checkpoint, BucketKind Kind), long> _staleDeletedThrough = [];

    private SqliteBatchWriter(SqliteConnection connection)
    {
        _connection = connection;
        _db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        // IMMEDIATE takes the write lock at BEGIN, so lock waits (another process) happen before any work.
        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _readVersion = Prepare("SELECT version FROM checkpoint_versions WHERE checkpoint_id = ?1;");
        _insertEvent = Prepare(InsertEventSql);
        _writeRow = Prepare(WriteRowSql);
        _deleteStaleRows = Prepare(DeleteStaleRowsSql);
        _writeVersion = Prepare(WriteVersionSql);
        _raiseSequence = Prepare(RaiseSequenceSql);
    }

    /// <summary>Opens a writer connection to <paramref name="database"/> and prepares the statements on it.</summary>
    public static SqliteBatchWriter Open(SqliteDatabase database) => Over(database.OpenWriter());

    /// <summary>Prepares the statements on an open writer connection, which it then owns (and closes if preparing fails).</summary>
    public static SqliteBatchWriter Over(SqliteConnection connection)
    {
        try
        {
            return new SqliteBatchWriter(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes every batch of <paramref name="group"/> in one transaction and commits it, setting each batch's outcome
    /// in order (a batch sees the ones before it in the group as committed). Throws, with the transaction rolled back,
    /// if anything fails.
    /// </summary>
    public WriteCounts Write(List<PendingCommit> group)
    {
        foreach (var pending in group)
        {
            pending.Outcome = null;
        }
        // Each pass either commits or takes one batch out for its duplicates, so there are at most group.Count + 1.
        while (true)
        {
            Step(_begin);
            try
            {
                if (WriteUndecided(group) is { } counts)
                {
                    Step(_commit);
                    return counts;
                }
            }
            catch
            {
                RollBack();
                throw;
            }
            RollBack();
        }
    }

    /// <summary>
    /// Copies into the database what of the WAL is not copied yet (a PASSIVE checkpoint on this connection, between
    /// transactions), so that the next transaction starts the log over. False if another connection was checkpointing.
    /// </summary>
    public bool CheckpointRemainder()
    {
        var rc = raw.sqlite3_wal_checkpoint_v2(_db, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
        if (rc == raw.SQLITE_BUSY)
        {
            return false;
        }
        Check(rc);
        return true;
    }

    /// <summary>Pages this connection has appended to the WAL since the last call (SQLite's count of cache pages written).</summary>
    public int TakePagesWritten()
    {
        Check(raw.sqlite3_db_status(_db, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var written, out _, 1));
        return written;
    }

    public void Dispose()
    {
        // Statements first: a connection closed with statements alive lingers until they are finalized.
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _readVersion.Dispose();
        _insertEvent.Dispose();
        _writeRow.Dispose();
        _deleteStaleRows.Dispose();
        _writeVersion.Dispose();
        _raiseSequence.Dispose();
        _connection.Dispose();
    }

    /// <summary>
    /// Writes the batches still without an outcome, in order. Returns what was written, or null when a batch held
    /// duplicates: that batch then has its outcome and the transaction must be rolled back and the group written again.
    /// </summary>
    private WriteCounts? WriteUndecided(List<PendingCommit> group)
    {
        var counts = default(WriteCounts);
        foreach (var pending in group)
        {
            if (pending.Outcome is { Status: CommitStatus.DuplicateEvents } refused)
            {
                counts = counts with { Duplicates = counts.Duplicates + refused.DuplicateIndexes.Count };
                continue;
            }
            var outcome = WriteBatch(pending);
            if (outcome.Status == CommitStatus.DuplicateEvents)
            {
                pending.Outcome = outcome;
                return null;
            }
            counts = outcome.Status == CommitStatus.Committed
                ? counts with { Stored = counts.Stored + pending.Batch.Events.Count }
                : counts with { Conflicts = counts.Conflicts + 1 };
            pending.Outcome = outcome;
        }
        return counts;
    }

    /// <summary>Rolls back the open transaction, if any, and forgets what it may have put in this writer's memory.</summary>
    private void RollBack()
    {
        if (raw.sqlite3_get_autocommit(_db) == 0)
        {
            raw.sqlite3_step(_rollback);
            raw.sqlite3_reset(_rollback);
        }
        _versions.Clear();
        _staleDeletedThrough.Clear();
    }

    /// <summary>Writes one batch whole, or says why not: on <see cref="CommitStatus.DuplicateEvents"/> it has written some of its events, and the transaction must be rolled back.</summary>
    private CommitResult WriteBatch(PendingCommit pending)
    {
        var batch = pending.Batch;
        var checkpoint = batch.Checkpoint.Value;
        if (StoredVersion(checkpoint) != batch.ExpectedVersion)
        {
            return CommitResult.VersionConflict;
        }

        if (InsertEvents(checkpoint, batch) is { } duplicates)
        {
            return CommitResult.DuplicateEvents(duplicates);
        }

        StoreCounts(checkpoint, batch, pending.Tallies);
        _versions[checkpoint] = batch.ExpectedVersion + 1;
        if (batch is { Terminal: { } terminal, DurableThrough: { } through })
        {
            Check(raw.sqlite3_bind_text(_raiseSequence, 1, checkpoint));
            Check(raw.sqlite3_bind_text(_raiseSequence, 2, terminal.Value));
            Check(raw.sqlite3_bind_int64(_raiseSequence, 3, (long)through));
            Step(_raiseSequence);
        }
        return CommitResult.Committed;
    }

    /// <summary>The checkpoint's version in this transaction: 0 when it was never committed.</summary>
    private ulong StoredVersion(string checkpoint)
    {
        if (_versions.TryGetValue(checkpoint, out var known))
        {
            return known;
        }
        var version = ReadVersion(checkpoint);
        _versions[checkpoint] = version;
        return version;
    }

    private ulong ReadVersion(string checkpoint)
    {
        Check(raw.sqlite3_bind_text(_readVersion, 1, checkpoint));
        try
        {
            var rc = raw.sqlite3_step(_readVersion);
            if (rc == raw.SQLITE_ROW)
            {
                return (ulong)raw.sqlite3_column_int64(_readVersion, 0);
            }
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            return 0;
        }
        finally
        {
            raw.sqlite3_reset(_readVersion);
        }
    }

    /// <summary>Inserts every event; returns the indexes of those whose id was stored already (this batch's included), or null when there are none.</summary>
    private List<int>? InsertEvents(string checkpoint, CrossingBatch batch)
    {
        var batchTerminal = batch.Terminal?.Value ?? string.Empty;
        var recordedAt = UnixNanoseconds.From(batch.RecordedAt);
        var events = batch.Events;
        List<int>? duplicates = null;
        for (var i = 0; i < events.Count; i++)
        {
            BindEvent(checkpoint, events[i], batchTerminal, recordedAt);
            Step(_insertEvent);
            // ON CONFLICT DO NOTHING changes no row for an id already stored, earlier in this batch included.
            if (raw.sqlite3_changes(_db) != 1)
            {
                (duplicates ??= []).Add(i);
            }
        }
        return duplicates;
    }

    private void StoreCounts(string checkpoint, CrossingBatch batch, byte[][] tallies)
    {
        var rows = batch.Counts.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            Check(raw.sqlite3_bind_text(_writeRow, 1, checkpoint));
            Check(raw.sqlite3_bind_int(_writeRow, 2, (int)rows[i].Kind));
            Check(raw.sqlite3_bind_int(_writeRow, 3, rows[i].Bucket));
            Check(raw.sqlite3_bind_blob(_writeRow, 4, tallies[i]));
            Step(_writeRow);
        }
        DeleteStaleRows(checkpoint, rows, BucketKind.Hour);
        DeleteStaleRows(checkpoint, rows, BucketKind.Day);

        Check(raw.sqlite3_bind_text(_writeVersion, 1, checkpoint));
        Check(raw.sqlite3_bind_int64(_writeVersion, 2, (long)batch.ExpectedVersion + 1));
        Check(raw.sqlite3_bind_int64(_writeVersion, 3, batch.Counts.ShelterOccupants));
        Check(batch.Counts.LastRecordedAt is { } lastRecordedAt
            ? raw.sqlite3_bind_int64(_writeVersion, 4, UnixNanoseconds.From(lastRecordedAt))
            : raw.sqlite3_bind_null(_writeVersion, 4));
        Step(_writeVersion);
    }

    private void DeleteStaleRows(string checkpoint, IReadOnlyList<CountsRow> rows, BucketKind kind)
    {
        if (StaleRows.TryFind(rows, kind, out var staleThrough)
            && !(_staleDeletedThrough.TryGetValue((checkpoint, kind), out var deleted) && deleted >= staleThrough))
        {
            Check(raw.sqlite3_bind_text(_deleteStaleRows, 1, checkpoint));
            Check(raw.sqlite3_bind_int(_deleteStaleRows, 2, (int)kind));
            Check(raw.sqlite3_bind_int64(_deleteStaleRows, 3, staleThrough));
            Step(_deleteStaleRows);
            _staleDeletedThrough[(checkpoint, kind)] = staleThrough;
        }
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

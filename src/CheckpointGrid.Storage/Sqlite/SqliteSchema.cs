using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// The store's tables, versioned by <c>PRAGMA user_version</c>: migration N takes the schema from version
/// N to N+1, and a database newer than this build is refused rather than guessed at.
/// </summary>
internal static class SqliteSchema
{
    // Instants are whole nanoseconds since the Unix epoch (see UnixNanoseconds); enums are their proto
    // numbers. rowid is commit order: rows are only ever appended, never deleted.
    private const string Version1 = """
        CREATE TABLE events (
            checkpoint_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL,
            movement INTEGER NOT NULL,
            direction INTEGER NOT NULL,
            nationality TEXT NOT NULL,
            age_group INTEGER NOT NULL,
            sex INTEGER NOT NULL,
            headcount INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            UNIQUE (checkpoint_id, event_id)
        );
        CREATE TABLE terminals (
            checkpoint_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            durable_sequence INTEGER NOT NULL,
            PRIMARY KEY (checkpoint_id, terminal_id)
        ) WITHOUT ROWID;
        """;

    // A checkpoint's state, written with its events in each commit and read at activation instead of them. Its
    // version grows by one per commit and is the condition of the next; a counts row is the totals (kind 0, bucket 0)
    // or an hour (1) or day (2) bucket by BucketTime's number or a month slice (3, by MonthSlices' number, kept for
    // all time), its tally the API's Counts message. A catalog entry is
    // the API's Checkpoint message; rowid is the order first saved (an update keeps its row).
    private const string Version2 = """
        CREATE TABLE checkpoint_versions (
            checkpoint_id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            shelter_occupants INTEGER NOT NULL,
            last_recorded_at INTEGER
        ) WITHOUT ROWID;
        CREATE TABLE counts_rows (
            checkpoint_id TEXT NOT NULL,
            kind INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            tally BLOB NOT NULL,
            PRIMARY KEY (checkpoint_id, kind, bucket)
        );
        CREATE TABLE catalog (
            checkpoint_id TEXT NOT NULL PRIMARY KEY,
            checkpoint BLOB NOT NULL
        );
        """;

    // Revoked bearer tokens by id (jti); rowid is the order revoked. forget_after (nanoseconds, nullable) is when the
    // entry may go: the token has expired by then and is refused anyway.
    private const string Version3 = """
        CREATE TABLE revoked_tokens (
            token_id TEXT NOT NULL PRIMARY KEY,
            reason TEXT NOT NULL,
            revoked_at INTEGER NOT NULL,
            forget_after INTEGER
        );
        """;

    private static readonly Action<SqliteConnection, SqliteTransaction>[] Migrations =
    [
        static (connection, transaction) => SqliteDatabase.Execute(connection, Version1, transaction),
        static (connection, transaction) =>
        {
            SqliteDatabase.Execute(connection, Version2, transaction);
            // A database from before counts were stored has events only: count them once, here, as activation did.
            SqliteCountsRebuild.Run(connection, transaction);
        },
        static (connection, transaction) => SqliteDatabase.Execute(connection, Version3, transaction),
    ];

    /// <summary>The version this build writes and reads.</summary>
    public static long CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; returns the version it found.</summary>
    public static long Ensure(SqliteConnection connection, string path)
    {
        // IMMEDIATE takes the write lock first, so two processes opening one new file cannot both migrate it.
        using var transaction = connection.BeginTransaction(deferred: false);
        var found = (long)SqliteDatabase.Execute(connection, "PRAGMA user_version;", transaction)!;
        if (found > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database {path} has schema version {found}; this build knows versions up to {CurrentVersion}. Use a newer build.");
        }
        for (var version = found; version < CurrentVersion; version++)
        {
            Migrations[version](connection, transaction);
        }
        if (found != CurrentVersion)
        {
            SqliteDatabase.Execute(connection, $"PRAGMA user_version = {CurrentVersion};", transaction);
        }
        transaction.Commit();
        return found;
    }
}

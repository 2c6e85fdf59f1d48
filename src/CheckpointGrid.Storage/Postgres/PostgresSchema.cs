using Npgsql;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>
/// The store's tables, versioned in <c>store_schema</c>: migration N takes the schema from version N to N+1, and a
/// database newer than this build is refused rather than guessed at. Every silo runs <see cref="EnsureAsync"/> at
/// start; a transaction-scoped advisory lock makes silos starting together migrate one after the other, so the
/// second finds the work done (without it, two concurrent CREATE TABLE IF NOT EXISTS can both try to create the table).
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Waits for the advisory lock of the store's migration: key 0x436753746f726531, "CgStore1" in ASCII.</summary>
    private const string LockSql = "SELECT pg_advisory_xact_lock(4856942482693449009);";

    // Instants are whole nanoseconds since the Unix epoch (see UnixNanoseconds); enums are their proto numbers.
    // checkpoint_versions holds a checkpoint's state, written with its events in each commit and read at activation
    // instead of them: its version grows by one per commit and is the condition of the next (the row is locked for
    // the transaction that checks it). A counts row is the totals (kind 0, bucket 0) or an hour (1) or day (2)
    // bucket or a month slice (3, by MonthSlices' number, kept for all time), its tally the API's Counts message. A catalog entry is the API's Checkpoint message. position is the
    // order first saved (an upsert keeps the row's).
    private const string Version1 = """
        CREATE TABLE events (
            checkpoint_id text NOT NULL,
            event_id text NOT NULL,
            terminal_id text NOT NULL,
            sequence bigint NOT NULL,
            occurred_at bigint NOT NULL,
            movement integer NOT NULL,
            direction integer NOT NULL,
            nationality text NOT NULL,
            age_group integer NOT NULL,
            sex integer NOT NULL,
            headcount bigint NOT NULL,
            recorded_at bigint NOT NULL,
            PRIMARY KEY (checkpoint_id, event_id)
        );
        CREATE TABLE terminals (
            checkpoint_id text NOT NULL,
            terminal_id text NOT NULL,
            durable_sequence bigint NOT NULL,
            PRIMARY KEY (checkpoint_id, terminal_id)
        );
        CREATE TABLE checkpoint_versions (
            checkpoint_id text NOT NULL PRIMARY KEY,
            version bigint NOT NULL,
            shelter_occupants bigint NOT NULL,
            last_recorded_at bigint
        );
        CREATE TABLE counts_rows (
            checkpoint_id text NOT NULL,
            kind integer NOT NULL,
            bucket integer NOT NULL,
            tally bytea NOT NULL,
            PRIMARY KEY (checkpoint_id, kind, bucket)
        );
        CREATE TABLE catalog (
            position bigint GENERATED ALWAYS AS IDENTITY,
            checkpoint_id text NOT NULL PRIMARY KEY,
            checkpoint bytea NOT NULL
        );
        CREATE TABLE revoked_tokens (
            position bigint GENERATED ALWAYS AS IDENTITY,
            token_id text NOT NULL PRIMARY KEY,
            reason text NOT NULL,
            revoked_at bigint NOT NULL,
            forget_after bigint
        );
        """;

    private static readonly string[] Migrations = [Version1];

    /// <summary>The version this build writes and reads.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/> in one transaction; returns the version it found.</summary>
    public static async Task<int> EnsureAsync(NpgsqlDataSource dataSource, string database, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, LockSql, cancellationToken).ConfigureAwait(false);
        // Read after the lock: a silo that migrated meanwhile has committed, and this statement's snapshot sees it.
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS store_schema (
                id boolean PRIMARY KEY DEFAULT true CHECK (id),
                version integer NOT NULL
            );
            """, cancellationToken).ConfigureAwait(false);
        int found;
        await using (var read = new NpgsqlCommand("SELECT version FROM store_schema;", connection))
        {
            found = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int stored ? stored : 0;
        }
        if (found > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL database {database} has store schema version {found}; this build knows versions up to {CurrentVersion}. Use a newer build.");
        }
        for (var version = found; version < CurrentVersion; version++)
        {
            await ExecuteAsync(connection, Migrations[version], cancellationToken).ConfigureAwait(false);
        }
        if (found != CurrentVersion)
        {
            await using var write = new NpgsqlCommand(
                "INSERT INTO store_schema (id, version) VALUES (true, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version;", connection);
            write.Parameters.Add(new NpgsqlParameter<int> { TypedValue = CurrentVersion });
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

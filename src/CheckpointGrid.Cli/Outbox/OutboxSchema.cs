using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Cli.Outbox;

/// <summary>The outbox's SQLite tables, created on first open.</summary>
internal static class OutboxSchema
{
    public const int Version = 1;

    // outbox_state has one row: the terminal the file belongs to and the two watermarks.
    // Invariants: acked_through <= last_sequence; outbox_events holds a contiguous run of
    // sequences ending at last_sequence (or nothing), acknowledged ones pruned from the bottom.
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS outbox_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            checkpoint_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            last_sequence INTEGER NOT NULL,
            acked_through INTEGER NOT NULL,
            synced INTEGER NOT NULL,
            created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS outbox_events (
            sequence INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            payload BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS outbox_rejections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sequence INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            field TEXT NOT NULL,
            reason TEXT NOT NULL,
            rejected_at INTEGER NOT NULL,
            payload BLOB);
        """;

    public static void Configure(SqliteConnection connection, bool syncEveryCommit)
    {
        // Exclusive locking before WAL: one agent owns the file for as long as it is open, so two
        // processes can never number events of one terminal at once.
        Execute(connection, "PRAGMA locking_mode=EXCLUSIVE;");
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, syncEveryCommit ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
    }

    public static void Create(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "PRAGMA user_version;";
        var found = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (found > Version)
        {
            throw new InvalidOperationException($"The outbox was written by a newer agent (schema {found}; this one knows {Version}).");
        }

        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = CreateSql + $"PRAGMA user_version = {Version};";
        create.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

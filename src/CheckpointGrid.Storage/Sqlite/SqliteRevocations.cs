using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Storage.Sqlite;

/// <summary>
/// The revoked_tokens table. Like the catalog, a revocation is rare (an operator's act) and runs on a connection of
/// its own; SQLite's lock with the busy timeout orders it with the writer's transactions.
/// </summary>
internal static class SqliteRevocations
{
    private const string LoadSql = "SELECT token_id, reason, revoked_at, forget_after FROM revoked_tokens ORDER BY rowid;";

    private const string InsertSql = """
        INSERT INTO revoked_tokens (token_id, reason, revoked_at, forget_after) VALUES ($token_id, $reason, $revoked_at, $forget_after)
        ON CONFLICT (token_id) DO NOTHING;
        """;

    private const string FindSql = "SELECT token_id, reason, revoked_at, forget_after FROM revoked_tokens WHERE token_id = $token_id;";

    public static IReadOnlyList<TokenRevocation> Load(SqliteDatabase database)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = LoadSql;
        using var reader = command.ExecuteReader();
        var revocations = new List<TokenRevocation>();
        while (reader.Read())
        {
            revocations.Add(Read(reader));
        }
        return revocations;
    }

    /// <summary>Inserts the revocation unless the token has one; returns the one in force, durably, in one transaction.</summary>
    public static (TokenRevocation InForce, bool Added) Revoke(SqliteDatabase database, TokenRevocation revocation)
    {
        using var connection = database.OpenWriter();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql;
        insert.Parameters.AddWithValue("$token_id", revocation.TokenId);
        insert.Parameters.AddWithValue("$reason", revocation.Reason);
        insert.Parameters.AddWithValue("$revoked_at", UnixNanoseconds.From(revocation.RevokedAt));
        insert.Parameters.AddWithValue("$forget_after", revocation.ForgetAfter is { } forget ? UnixNanoseconds.From(forget) : DBNull.Value);
        var added = insert.ExecuteNonQuery() == 1;
        using var find = connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = FindSql;
        find.Parameters.AddWithValue("$token_id", revocation.TokenId);
        TokenRevocation inForce;
        using (var reader = find.ExecuteReader())
        {
            reader.Read();
            inForce = Read(reader);
        }
        transaction.Commit();
        return (inForce, added);
    }

    private static TokenRevocation Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        UnixNanoseconds.ToDateTimeOffset(reader.GetInt64(2)),
        reader.IsDBNull(3) ? null : UnixNanoseconds.ToDateTimeOffset(reader.GetInt64(3)));
}

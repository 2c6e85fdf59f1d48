using Npgsql;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>
/// The revoked_tokens table. Like the catalog, a revocation is rare (an operator's act) and runs on a pooled
/// connection of its own; the primary key orders two silos revoking one token at once (the second waits, then keeps the first's).
/// </summary>
internal static class PostgresRevocations
{
    private const string LoadSql = "SELECT token_id, reason, revoked_at, forget_after FROM revoked_tokens ORDER BY position";

    private const string InsertSql = """
        INSERT INTO revoked_tokens (token_id, reason, revoked_at, forget_after) VALUES ($1, $2, $3, $4)
        ON CONFLICT (token_id) DO NOTHING
        RETURNING token_id, reason, revoked_at, forget_after
        """;

    private const string FindSql = "SELECT token_id, reason, revoked_at, forget_after FROM revoked_tokens WHERE token_id = $1";

    public static async Task<IReadOnlyList<TokenRevocation>> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LoadSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var revocations = new List<TokenRevocation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            revocations.Add(Read(reader));
        }
        return revocations;
    }

    /// <summary>Inserts the revocation unless the token has one (autocommitted); returns the one in force.</summary>
    public static async Task<(TokenRevocation InForce, bool Added)> RevokeAsync(NpgsqlDataSource dataSource, TokenRevocation revocation, CancellationToken cancellationToken)
    {
        await using (var insert = dataSource.CreateCommand(InsertSql))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revocation.TokenId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revocation.Reason });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = UnixNanoseconds.From(revocation.RevokedAt) });
            insert.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = revocation.ForgetAfter is { } forget ? UnixNanoseconds.From(forget) : null });
            await using var inserted = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await inserted.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (Read(inserted), true);
            }
        }
        // A statement of its own, so its snapshot sees the revocation the insert found (committed before the insert ended).
        await using var find = dataSource.CreateCommand(FindSql);
        find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revocation.TokenId });
        await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The revocation of token '{revocation.TokenId}' was neither added nor found.");
        }
        return (Read(reader), false);
    }

    private static TokenRevocation Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        UnixNanoseconds.ToDateTimeOffset(reader.GetInt64(2)),
        reader.IsDBNull(3) ? null : UnixNanoseconds.ToDateTimeOffset(reader.GetInt64(3)));
}

using System.Reflection;
using Npgsql;

namespace CheckpointGrid.Storage.Postgres.Membership;

/// <summary>
/// Creates the cluster membership tables Orleans' ADO.NET clustering provider (invariant <c>Npgsql</c>) works on,
/// and writes the named statements it reads from <c>OrleansQuery</c>. The provider ships no SQL: these are the
/// project's own (<c>membership-schema.sql</c>, <c>membership-queries.sql</c>, embedded in this assembly).
/// </summary>
/// <remarks>
/// Every silo calls this at start, before <c>UseAdoNetClustering</c> reads the statements. It is idempotent, and
/// silos starting together are serialised by a transaction-scoped advisory lock: concurrent
/// <c>CREATE TABLE IF NOT EXISTS</c> on one database can otherwise fail on the catalog's unique indexes.
/// </remarks>
public static class PostgresMembershipSchema
{
    /// <summary>The advisory lock key held while the schema is written ("cgmember" in ASCII), distinct from the store's.</summary>
    public const long AdvisoryLockKey = 0x63676D656D626572;

    // In order: the tables and functions, then the statements that use them.
    private static readonly string[] Scripts = ["membership/membership-schema.sql", "membership/membership-queries.sql"];

    /// <summary>
    /// Creates the tables and functions if missing and (re)writes the provider's statements, in one transaction.
    /// </summary>
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // "already exists, skipping" notices from a second start are expected, not news.
                await ExecuteAsync(connection, "SET LOCAL client_min_messages = warning", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
                foreach (var script in Scripts)
                {
                    await ExecuteAsync(connection, ReadScript(script), cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ReadScript(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded membership script {name} is missing from {typeof(PostgresMembershipSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

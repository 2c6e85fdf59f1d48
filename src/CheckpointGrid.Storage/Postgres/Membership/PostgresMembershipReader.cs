using Npgsql;

namespace CheckpointGrid.Storage.Postgres.Membership;

/// <summary>
/// Lists a cluster's silos straight from the membership tables, for an operator's tool or a test that has the database
/// but no Orleans client. It reads what the silos last wrote; a silo's own view may be newer.
/// </summary>
public static class PostgresMembershipReader
{
    private const string SelectSilos = """
        SELECT address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time
        FROM membership_silo
        WHERE cluster_id = @cluster_id
        ORDER BY start_time, address, port, generation
        """;

    /// <summary>Every silo the table holds for <paramref name="clusterId"/>, dead ones included, oldest start first.</summary>
    public static async Task<IReadOnlyList<MembershipSilo>> ReadSilosAsync(string connectionString, string clusterId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(SelectSilos, connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("cluster_id", clusterId);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var silos = new List<MembershipSilo>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        silos.Add(new MembershipSilo(
                            reader.GetString(0),
                            reader.GetInt32(1),
                            reader.GetInt32(2),
                            reader.GetString(3),
                            reader.GetString(4),
                            (MembershipSiloStatus)reader.GetInt32(5),
                            reader.GetInt32(6),
                            reader.GetDateTime(7),
                            reader.GetDateTime(8)));
                    }
                    return silos;
                }
            }
        }
    }
}

using System.Net.Sockets;
using CheckpointGrid.Testing.Postgres;

namespace CheckpointGrid.Storage.Tests.Postgres;

/// <summary>The private PostgreSQL server every PostgreSQL test starts: it serves on its port, stops, and comes back on the same port and data.</summary>
public sealed class PostgresInstanceTests
{
    [Fact]
    public async Task Serves_on_its_loopback_port_stops_and_starts_again_with_its_databases()
    {
        await using var postgres = await PostgresInstance.StartAsync();
        Assert.True(await AcceptsAsync(postgres.Port));
        await postgres.CreateDatabaseAsync("kept");

        await postgres.StopAsync();
        Assert.False(await AcceptsAsync(postgres.Port));

        await postgres.StartAgainAsync();
        Assert.True(await AcceptsAsync(postgres.Port));
        // The database made before the restart is still there: creating it again is refused.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => postgres.CreateDatabaseAsync("kept"));
        Assert.Contains("already exists", again.Message, StringComparison.Ordinal);
        Assert.StartsWith("Host=127.0.0.1;Port=", await postgres.CreateDatabaseAsync(), StringComparison.Ordinal);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

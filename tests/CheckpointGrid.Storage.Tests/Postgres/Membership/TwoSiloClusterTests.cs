using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CheckpointGrid.Storage.Postgres.Membership;
using CheckpointGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace CheckpointGrid.Storage.Tests.Postgres.Membership;

/// <summary>
/// Two real silos, each its own host, clustering through the membership tables of one PostgreSQL database: they see
/// each other active, and when one stops the other sees it dead, as do the table and <see cref="PostgresMembershipReader"/>.
/// </summary>
public sealed class TwoSiloClusterTests(MembershipPostgres postgres, ITestOutputHelper output) : IClassFixture<MembershipPostgres>
{
    private const string ClusterId = "checkpointgrid";

    [Fact]
    public async Task Two_silos_join_through_postgres_and_a_stopped_silo_is_seen_dead()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        // Distinct ports for every silo and gateway: on Linux a second silo can bind a used port silently.
        var ports = FreeLoopbackPorts(4);
        using var first = Silo(database, "silo-a", ports[0], ports[1]);
        using var second = Silo(database, "silo-b", ports[2], ports[3]);
        var firstAddress = SiloAddressOf(first);
        var secondAddress = SiloAddressOf(second);

        var clock = Stopwatch.StartNew();
        await first.StartAsync().WithTimeout();
        await second.StartAsync().WithTimeout();

        await UntilAsync(first, view => IsActive(view, firstAddress) && IsActive(view, secondAddress)).WithTimeout();
        await UntilAsync(second, view => IsActive(view, firstAddress) && IsActive(view, secondAddress)).WithTimeout();
        output.WriteLine($"both silos started and saw each other active after {clock.ElapsedMilliseconds} ms");
        var (reader, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, CancellationToken.None).WithTimeout();
        using var _ = reader;
        var joined = await table.ReadAllAsync(CancellationToken.None).WithTimeout();
        Assert.Equal(
            new[] { (firstAddress, SiloStatus.Active, ports[1]), (secondAddress, SiloStatus.Active, ports[3]) }.OrderBy(static m => m.Item1.Endpoint.Port),
            joined.Members.Select(static m => (m.Item1.SiloAddress, m.Item1.Status, m.Item1.ProxyPort)).OrderBy(static m => m.SiloAddress.Endpoint.Port));

        clock.Restart();
        await second.StopAsync().WithTimeout();
        output.WriteLine($"the second silo stopped in {clock.ElapsedMilliseconds} ms");

        var view = await UntilAsync(first, view => view.GetSiloStatus(secondAddress) == SiloStatus.Dead).WithTimeout();
        output.WriteLine($"the first silo saw it dead {clock.ElapsedMilliseconds} ms after the stop began");
        Assert.Equal(SiloStatus.Active, view.GetSiloStatus(firstAddress));
        var after = await table.ReadAllAsync(CancellationToken.None).WithTimeout();
        Assert.Equal(SiloStatus.Dead, Assert.Single(after.Members, m => m.Item1.SiloAddress.Equals(secondAddress)).Item1.Status);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Members, m => m.Item1.SiloAddress.Equals(firstAddress)).Item1.Status);
        Assert.True(after.Version.Version > joined.Version.Version);
        // The same table as an operator's tool lists it, without Orleans.
        var listed = await PostgresMembershipReader.ReadSilosAsync(database, ClusterId, CancellationToken.None).WithTimeout();
        Assert.Equal(
            new[] { ("silo-a", firstAddress, MembershipSiloStatus.Active, ports[1]), ("silo-b", secondAddress, MembershipSiloStatus.Dead, ports[3]) },
            listed.Select(static s => (s.SiloName, SiloAddress.New(IPAddress.Parse(s.Address), s.Port, s.Generation), s.Status, s.GatewayPort)).OrderBy(static s => s.SiloName, StringComparer.Ordinal));

        await first.StopAsync().WithTimeout();
    }

    private static IHost Silo(string connectionString, string name, int siloPort, int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = ClusterId;
                options.ServiceId = "checkpointgrid";
            })
            .Configure<SiloOptions>(options => options.SiloName = name)
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            }));
        return builder.Build();
    }

    private static SiloAddress SiloAddressOf(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    private static bool IsActive(ClusterMembershipSnapshot view, SiloAddress silo) => view.GetSiloStatus(silo) == SiloStatus.Active;

    // The silo's own view of the cluster, awaited until it satisfies the condition (Orleans publishes every change).
    private static async Task<ClusterMembershipSnapshot> UntilAsync(IHost silo, Func<ClusterMembershipSnapshot, bool> condition)
    {
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        await foreach (var snapshot in membership.MembershipUpdates)
        {
            if (condition(snapshot))
            {
                return snapshot;
            }
        }
        throw new InvalidOperationException("The silo's membership updates ended.");
    }

    private static int[] FreeLoopbackPorts(int count)
    {
        // Held open together, so the ports are distinct from each other.
        var listeners = Enumerable.Range(0, count).Select(static _ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }
            return [.. listeners.Select(static listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }
}

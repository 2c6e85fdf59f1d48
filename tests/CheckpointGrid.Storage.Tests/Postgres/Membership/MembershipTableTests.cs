using System.Net;
using CheckpointGrid.Storage.Tests.Fixtures;

namespace CheckpointGrid.Storage.Tests.Postgres.Membership;

/// <summary>
/// Orleans' ADO.NET membership table (<c>AdoNetClusteringTable</c>, built as a silo builds it) on the project's
/// PostgreSQL schema and statements: joins, heartbeats, the table version as the one concurrency token, declaring a
/// silo dead, the gateway list, cleanup of dead silos and deleting a cluster.
/// </summary>
public sealed class MembershipTableTests(MembershipPostgres postgres) : IClassFixture<MembershipPostgres>, IDisposable
{
    // Bounds every call to the provider: a test that would hang fails instead.
    private readonly CancellationTokenSource _timeout = new(TestWaits.Timeout);
    private const string ClusterId = "checkpointgrid";

    // Whole seconds: PostgreSQL keeps microseconds and the provider's suspicion text milliseconds.
    private static readonly DateTime Started = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_new_cluster_has_version_zero_and_no_silos_and_initialising_again_keeps_it()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, Ct);
        using var _ = provider;

        var empty = await table.ReadAllAsync(Ct);
        Assert.Equal(0, empty.Version.Version);
        Assert.Equal("0", empty.Version.VersionEtag);
        Assert.Empty(empty.Members);

        await table.InitializeMembershipTableAsync(true, Ct);
        Assert.Equal(0, (await table.ReadAllAsync(Ct)).Version.Version);
    }

    [Fact]
    public async Task A_joining_silo_is_inserted_on_the_version_it_read_and_advances_it()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, Ct);
        using var _ = provider;
        var silo = Entry(11111, SiloStatus.Joining, proxyPort: 30001);

        var before = await table.ReadAllAsync(Ct);
        Assert.True(await table.InsertRowAsync(silo, before.Version.Next(), Ct));

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(1, after.Version.Version);
        var (stored, _) = Assert.Single(after.Members);
        AssertSameEntry(silo, stored);
        var row = await table.ReadRowAsync(silo.SiloAddress, Ct);
        Assert.Equal(1, row.Version.Version);
        AssertSameEntry(silo, Assert.Single(row.Members).Item1);

        // The same silo again, even on the current version, is refused and the version kept.
        Assert.False(await table.InsertRowAsync(silo, after.Version.Next(), Ct));
        // Another silo on the stale version is refused.
        Assert.False(await table.InsertRowAsync(Entry(11112, SiloStatus.Joining), before.Version.Next(), Ct));
        var unchanged = await table.ReadAllAsync(Ct);
        Assert.Equal(1, unchanged.Version.Version);
        Assert.Single(unchanged.Members);
        // A silo not in the table reads as the version alone.
        var unknown = await table.ReadRowAsync(SiloAddress.New(IPAddress.Loopback, 11113, 1), Ct);
        Assert.Equal(1, unknown.Version.Version);
        Assert.Empty(unknown.Members);
    }

    [Fact]
    public async Task I_am_alive_moves_only_the_liveness_time_and_not_the_version()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, Ct);
        using var _ = provider;
        var silo = Entry(11111, SiloStatus.Active, proxyPort: 30001);
        var other = Entry(11112, SiloStatus.Active, proxyPort: 30002);
        Assert.True(await table.InsertRowAsync(silo, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await table.InsertRowAsync(other, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        var alive = Started.AddMinutes(3);
        silo.IAmAliveTime = alive;
        await table.UpdateIAmAliveAsync(silo, Ct);

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(2, after.Version.Version);
        Assert.Equal(alive, Member(after, silo.SiloAddress).IAmAliveTime);
        Assert.Equal(Started, Member(after, other.SiloAddress).IAmAliveTime);
        Assert.Equal(SiloStatus.Active, Member(after, silo.SiloAddress).Status);
    }

    [Fact]
    public async Task Of_writers_holding_the_same_version_exactly_one_wins()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        const int Writers = 6;
        var providers = new List<OrleansMembershipProvider>();
        var tables = new List<IMembershipTable>();
        try
        {
            for (var i = 0; i < Writers; i++)
            {
                var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, Ct);
                providers.Add(provider);
                tables.Add(table);
            }

            // Joins: every writer adds its own silo on the same version; one row and one version step result.
            var start = await tables[0].ReadAllAsync(Ct);
            var joins = await Task.WhenAll(tables.Select((table, i) => table.InsertRowAsync(Entry(12000 + i, SiloStatus.Joining), start.Version.Next(), Ct)));
            Assert.Single(joins, static won => won);
            var joined = await tables[0].ReadAllAsync(Ct);
            Assert.Equal(start.Version.Version + 1, joined.Version.Version);
            var (member, _) = Assert.Single(joined.Members);

            // Updates: every writer changes that silo's status on the version all of them read; again one wins.
            for (var round = 0; round < 10; round++)
            {
                var read = await tables[0].ReadAllAsync(Ct);
                var updates = await Task.WhenAll(tables.Select((table, i) =>
                {
                    var change = Copy(member);
                    change.Status = i % 2 == 0 ? SiloStatus.Active : SiloStatus.ShuttingDown;
                    change.IAmAliveTime = Started.AddSeconds((round * Writers) + i);
                    return table.UpdateRowAsync(change, Etag(read, member.SiloAddress), read.Version.Next(), Ct);
                }));
                Assert.Single(updates, static won => won);
                var winner = Array.IndexOf(updates, true);
                var written = await tables[0].ReadAllAsync(Ct);
                Assert.Equal(read.Version.Version + 1, written.Version.Version);
                Assert.Equal(Started.AddSeconds((round * Writers) + winner), Member(written, member.SiloAddress).IAmAliveTime);
            }
        }
        finally
        {
            providers.ForEach(static provider => provider.Dispose());
        }
    }

    [Fact]
    public async Task A_silo_declared_dead_reads_back_dead_with_its_suspicions()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, Ct);
        using var _ = provider;
        var victim = Entry(11111, SiloStatus.Active, proxyPort: 30001);
        var accuser = Entry(11112, SiloStatus.Active, proxyPort: 30002);
        Assert.True(await table.InsertRowAsync(victim, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await table.InsertRowAsync(accuser, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        var suspected = Copy(victim);
        suspected.SuspectTimes = [Tuple.Create(accuser.SiloAddress, Started.AddSeconds(20))];
        var read = await table.ReadAllAsync(Ct);
        Assert.True(await table.UpdateRowAsync(suspected, Etag(read, victim.SiloAddress), read.Version.Next(), Ct));
        var dead = Copy(suspected);
        dead.Status = SiloStatus.Dead;
        dead.SuspectTimes!.Add(Tuple.Create(accuser.SiloAddress, Started.AddSeconds(25)));
        var suspectedRead = await table.ReadAllAsync(Ct);
        Assert.True(await table.UpdateRowAsync(dead, Etag(suspectedRead, victim.SiloAddress), suspectedRead.Version.Next(), Ct));
        // An update on the version read before those two is refused.
        var stale = Copy(victim);
        stale.Status = SiloStatus.Active;
        Assert.False(await table.UpdateRowAsync(stale, Etag(read, victim.SiloAddress), read.Version.Next(), Ct));
        // And so is an update of a silo that never joined, whatever the version.
        var current = await table.ReadAllAsync(Ct);
        Assert.False(await table.UpdateRowAsync(Entry(11113, SiloStatus.Dead), current.Version.VersionEtag, current.Version.Next(), Ct));

        var after = await table.ReadRowAsync(victim.SiloAddress, Ct);
        Assert.Equal(4, after.Version.Version);
        var stored = Assert.Single(after.Members).Item1;
        Assert.Equal(SiloStatus.Dead, stored.Status);
        Assert.Equal(
            [(accuser.SiloAddress, Started.AddSeconds(20)), (accuser.SiloAddress, Started.AddSeconds(25))],
            stored.SuspectTimes!.Select(static s => (s.Item1, s.Item2)).ToArray());
        Assert.Equal(SiloStatus.Active, Member(await table.ReadAllAsync(Ct), accuser.SiloAddress).Status);
    }

    [Fact]
    public async Task The_gateway_list_is_the_gateways_of_the_clusters_active_silos_only()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        var (siloProvider, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, Ct);
        using var _ = siloProvider;
        var (otherProvider, otherCluster) = await OrleansMembershipProvider.SiloTableAsync(database, "another-cluster", Ct);
        using var __ = otherProvider;
        var active = Entry(11111, SiloStatus.Active, proxyPort: 30001);
        var secondActive = Entry(11112, SiloStatus.Active, proxyPort: 30002);
        foreach (var entry in new[]
        {
            active,
            secondActive,
            Entry(11113, SiloStatus.Active, proxyPort: 0),
            Entry(11114, SiloStatus.Joining, proxyPort: 30004),
            Entry(11115, SiloStatus.ShuttingDown, proxyPort: 30005),
            Entry(11116, SiloStatus.Dead, proxyPort: 30006),
        })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        }
        Assert.True(await otherCluster.InsertRowAsync(Entry(11117, SiloStatus.Active, proxyPort: 30007), (await otherCluster.ReadAllAsync(Ct)).Version.Next(), Ct));

        var (clientProvider, gateways) = await OrleansMembershipProvider.ClientGatewaysAsync(database, ClusterId, Ct);
        using var ___ = clientProvider;
        var listed = await gateways.GetGatewaysAsync(Ct);

        Assert.Equal(
            new[] { active, secondActive }.Select(static e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri().ToString()).Order(StringComparer.Ordinal),
            listed.Select(static uri => uri.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_last_alive_before_the_date()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, Ct);
        using var _ = provider;
        var cutoff = Started.AddHours(1);
        var deadLongAgo = Entry(11111, SiloStatus.Dead, alive: cutoff.AddMinutes(-10));
        var deadRecently = Entry(11112, SiloStatus.Dead, alive: cutoff.AddMinutes(10));
        var activeButQuiet = Entry(11113, SiloStatus.Active, alive: cutoff.AddMinutes(-10));
        foreach (var entry in new[] { deadLongAgo, deadRecently, activeButQuiet })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        }
        var (otherProvider, otherCluster) = await OrleansMembershipProvider.SiloTableAsync(database, "another-cluster", Ct);
        using var __ = otherProvider;
        var otherDead = Entry(11114, SiloStatus.Dead, alive: cutoff.AddMinutes(-10));
        Assert.True(await otherCluster.InsertRowAsync(otherDead, (await otherCluster.ReadAllAsync(Ct)).Version.Next(), Ct));

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(cutoff), Ct);

        var left = await table.ReadAllAsync(Ct);
        Assert.Equal(
            new[] { deadRecently.SiloAddress, activeButQuiet.SiloAddress }.Order(),
            left.Members.Select(static m => m.Item1.SiloAddress).Order());
        Assert.Equal(3, left.Version.Version);
        Assert.Single((await otherCluster.ReadAllAsync(Ct)).Members);
    }

    [Fact]
    public async Task Deleting_a_clusters_entries_removes_its_silos_and_version_and_no_other_clusters()
    {
        var database = await postgres.CreateMembershipDatabaseAsync();
        var (provider, table) = await OrleansMembershipProvider.SiloTableAsync(database, ClusterId, Ct);
        using var _ = provider;
        var (otherProvider, otherCluster) = await OrleansMembershipProvider.SiloTableAsync(database, "another-cluster", Ct);
        using var __ = otherProvider;
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Active), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await table.InsertRowAsync(Entry(11112, SiloStatus.Dead), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await otherCluster.InsertRowAsync(Entry(11113, SiloStatus.Active), (await otherCluster.ReadAllAsync(Ct)).Version.Next(), Ct));

        await table.DeleteMembershipTableEntriesAsync(ClusterId, Ct);

        Assert.Single((await otherCluster.ReadAllAsync(Ct)).Members);
        // Gone with its version row: a silo starting afterwards begins the cluster again from version 0.
        await table.InitializeMembershipTableAsync(true, Ct);
        var restarted = await table.ReadAllAsync(Ct);
        Assert.Equal(0, restarted.Version.Version);
        Assert.Empty(restarted.Members);
    }

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    private static MembershipEntry Entry(int port, SiloStatus status, int proxyPort = 0, DateTime? alive = null) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 1),
        SiloName = $"silo-{port}",
        HostName = "checkpoint-host",
        Status = status,
        ProxyPort = proxyPort,
        StartTime = Started,
        IAmAliveTime = alive ?? Started,
    };

    private static MembershipEntry Copy(MembershipEntry entry) => new()
    {
        SiloAddress = entry.SiloAddress,
        SiloName = entry.SiloName,
        HostName = entry.HostName,
        Status = entry.Status,
        ProxyPort = entry.ProxyPort,
        StartTime = entry.StartTime,
        IAmAliveTime = entry.IAmAliveTime,
        SuspectTimes = entry.SuspectTimes?.ToList(),
    };

    // The row's etag as read, which the provider requires back with an update (it is the table version the row was read at).
    private static string Etag(MembershipTableData data, SiloAddress silo) =>
        Assert.Single(data.Members, m => m.Item1.SiloAddress.Equals(silo)).Item2;

    private static MembershipEntry Member(MembershipTableData data, SiloAddress silo) =>
        Assert.Single(data.Members, m => m.Item1.SiloAddress.Equals(silo)).Item1;

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(DateTimeKind.Utc, actual.StartTime.Kind);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.True(actual.SuspectTimes is null or { Count: 0 });
    }
}

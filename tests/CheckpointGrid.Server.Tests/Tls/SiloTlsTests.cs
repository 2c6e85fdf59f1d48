using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Grains;
using CheckpointGrid.Grains.Counting;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Server.Tls;
using CheckpointGrid.Storage;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace CheckpointGrid.Server.Tests.Tls;

/// <summary>Silo-to-silo mutual TLS with the server's certificate, peers verified against the configured CA.</summary>
public sealed class SiloTlsTests
{
    /// <summary>Two silos' start (and their TLS handshakes) on a busy two-core machine: more than one server's.</summary>
    private static readonly TimeSpan ClusterPatience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_silos_over_mutual_TLS_count_exactly_across_silos()
    {
        using var tls = TestCertificates.Create();
        var certificate = ServerCertificate.Load(new ServerTlsOptions { CertificatePath = tls.CertificatePath, KeyPath = tls.KeyPath, CaPath = tls.CaPath, Silo = true });
        var store = new InMemoryCrossingStore();
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Services.AddSingleton<ICrossingStore>(store);
            host.Services.AddSingleton<ICatalogStore>(store);
            host.Services.AddCheckpointGridGrains(host.Configuration);
        });
        builder.ConfigureSilo((_, silo) => silo.UseCheckpointGridTls(certificate));
        builder.ConfigureClient(client => client.UseCheckpointGridTls(certificate));
        await using var cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(ClusterPatience);
        try
        {
            Assert.Equal(2, cluster.GetActiveSilos().Count());
            var checkpoint = cluster.Client.Checkpoint(CheckpointId.Parse("PA-DAR-SVC"));
            var region = cluster.Client.Region(RegionName.Parse("Darién"));
            await checkpoint.GetStatusAsync();
            await region.GetCountsAsync();
            if (SiloOf(cluster, region).Equals(SiloOf(cluster, checkpoint)))
            {
                var other = cluster.GetActiveSilos().First(s => !s.SiloAddress.Equals(SiloOf(cluster, checkpoint))).SiloAddress;
                await cluster.MigrateAsync(region, other).WaitAsync(ClusterPatience);
                await region.GetCountsAsync();
            }
            Assert.NotEqual(SiloOf(cluster, checkpoint), SiloOf(cluster, region));

            var events = Crossings.RandomStream(seed: 10, count: 50, ["PA-DAR-SVC"], DateTimeOffset.UtcNow, TimeSpan.FromHours(6));
            foreach (var crossing in events)
            {
                Assert.False(await checkpoint.RecordAsync(crossing));
            }

            var people = events.Where(e => e.Movement == Movement.Arrival).Aggregate(0UL, (sum, e) => sum + e.Headcount);
            Assert.Equal(people, (await region.GetCountsAsync()).Totals.Arrival.People);
        }
        finally
        {
            await cluster.StopAllSilosAsync().WaitAsync(ClusterPatience);
        }
    }

    [Fact]
    public void A_peer_is_accepted_only_with_a_certificate_from_the_configured_CA()
    {
        using var tls = TestCertificates.Create();
        using var other = TestCertificates.Create("Some Other CA");
        using var expired = TestCertificates.Create(notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));

        Assert.True(SiloTls.IssuedBy(tls.Server, [tls.Authority]));
        Assert.False(SiloTls.IssuedBy(other.Server, [tls.Authority]));
        Assert.False(SiloTls.IssuedBy(tls.Authority, [other.Authority]));
        Assert.False(SiloTls.IssuedBy(expired.Server, [expired.Authority]));
    }

    [Fact]
    public async Task Server_with_silo_TLS_starts_and_counts()
    {
        using var tls = TestCertificates.Create();
        await using var server = await GridServer.StartTlsAsync(tls, "--tls-ca", tls.CaPath, "--silo-tls", "true");

        var crossing = Crossings.One("PA-DAR-SVC", headcount: 3);
        Assert.False(await server.RecordAsync(crossing));

        Assert.Equal(3UL, (await server.NationalCountsAsync()).Totals.Arrival.People);
    }

    private static SiloAddress SiloOf(InProcessTestCluster cluster, IAddressable grain) =>
        cluster.TryGetGrainContext(grain.GetGrainId(), out var context)
            ? context.Address.SiloAddress!
            : throw new InvalidOperationException($"{grain.GetGrainId()} is not active.");
}

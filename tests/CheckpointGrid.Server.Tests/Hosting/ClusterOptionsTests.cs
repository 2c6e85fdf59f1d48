using System.Net;
using CheckpointGrid.Server.Hosting;
using CheckpointGrid.Testing.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CheckpointGrid.Server.Tests.Hosting;

/// <summary>
/// How the server becomes a silo of a cluster: --postgres, the silo and gateway ports, the advertised address, the
/// cluster's ids and its failure detection. The host is built, not started (nothing connects to the database).
/// </summary>
public sealed class ClusterOptionsTests
{
    private const string Postgres = "Host=127.0.0.1;Port=1;Username=u;Database=d";

    [Fact]
    public void A_silo_of_a_cluster_listens_where_it_binds_and_advertises_the_address_it_is_given()
    {
        using var keys = TestKeys.Create();
        using var app = Build(
            "--postgres", Postgres, "--bind", "0.0.0.0", "--jwt-key", keys.PublicKeyPath, "--allow-plaintext", "true",
            "--silo-port", "21111", "--gateway-port", "31000", "--advertise", "10.1.2.3", "--Cluster:ClusterId", "blue");

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Parse("10.1.2.3"), endpoints.AdvertisedIPAddress);
        Assert.Equal(21111, endpoints.SiloPort);
        Assert.Equal(31000, endpoints.GatewayPort);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 21111), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 31000), endpoints.GatewayListeningEndpoint);
        var ids = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal("blue", ids.ClusterId);
        Assert.Equal("checkpointgrid", ids.ServiceId);
    }

    [Fact]
    public void On_a_specific_address_the_silo_advertises_it_and_free_ports_are_picked_for_0()
    {
        using var app = Build("--postgres", Postgres, "--silo-port", "0", "--gateway-port", "0");

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.NotEqual(0, endpoints.SiloPort);
        Assert.NotEqual(0, endpoints.GatewayPort);
        Assert.NotEqual(endpoints.SiloPort, endpoints.GatewayPort);
    }

    [Fact]
    public void Binding_every_interface_without_an_advertised_address_stops_the_start()
    {
        using var keys = TestKeys.Create();

        var error = StartFails("--postgres", Postgres, "--bind", "0.0.0.0", "--jwt-key", keys.PublicKeyPath, "--allow-plaintext", "true");

        Assert.Contains("Server:AdvertiseAddress (--advertise) is needed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_detection_is_fast_by_default_and_configurable()
    {
        using var fast = Build("--postgres", Postgres);
        using var configured = Build("--postgres", Postgres, "--Cluster:Membership:ProbeTimeout", "00:00:03", "--Cluster:Membership:NumMissedProbesLimit", "3");

        var defaults = fast.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(2), defaults.ProbeTimeout);
        Assert.Equal(2, defaults.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.MaxProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.TableRefreshTimeout);
        var chosen = configured.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(3), chosen.ProbeTimeout);
        Assert.Equal(3, chosen.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(5), chosen.MaxProbeTimeout);
    }

    [Fact]
    public void The_embedded_default_is_one_silo_on_loopback_with_no_gateway()
    {
        using var app = Build();

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Equal(0, endpoints.GatewayPort);
        Assert.Null(app.Services.GetService<CheckpointGrid.Storage.PostgresCrossingStore>());
    }

    [Theory]
    [InlineData("Server:GatewayPort (--gateway-port) 70000 is not a port number", "--gateway-port", "70000")]
    [InlineData("Server:AdvertiseAddress (--advertise) 'node-2' is not an IP address", "--advertise", "node-2")]
    [InlineData("Server:SiloPort and Server:GatewayPort are both 21111", "--silo-port", "21111", "--gateway-port", "21111")]
    [InlineData("Cluster:ClusterId is empty", "--Cluster:ClusterId", " ")]
    public void Bad_cluster_settings_stop_the_start_naming_the_setting(string message, params string[] settings)
    {
        var error = StartFails(["--postgres", Postgres, .. settings]);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(params string[] settings)
    {
        string[] args = ["--port", "0", "--http-port", "0", "--data-dir", Path.Combine(Path.GetTempPath(), "cg-unused"), .. settings];
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddCheckpointGridServer(args);
        return builder.Build();
    }

    private static OptionsValidationException StartFails(params string[] settings)
    {
        string[] args = ["--port", "0", "--http-port", "0", .. settings];
        return Assert.Throws<OptionsValidationException>(() => WebApplication.CreateSlimBuilder(args).AddCheckpointGridServer(args));
    }
}

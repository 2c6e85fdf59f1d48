using System.Net;
using System.Net.Sockets;
using CheckpointGrid.Server.Telemetry;
using CheckpointGrid.Storage.Postgres.Membership;
using CheckpointGrid.Server.Web.ClusterDashboard;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CheckpointGrid.Server.Hosting;

/// <summary>
/// The Orleans silo inside the server process. The embedded default is one silo on loopback, nothing to install;
/// with a PostgreSQL connection string (--postgres) the silo joins the cluster whose membership is in that database.
/// </summary>
internal static class SiloHostingExtensions
{
    /// <summary>The invariant name Orleans' ADO.NET clustering knows Npgsql by.</summary>
    private const string NpgsqlInvariant = "Npgsql";

    public static WebApplicationBuilder AddCheckpointGridSilo(this WebApplicationBuilder builder, ServerOptions options, ClusterSettings cluster, string? postgres)
    {
        var tracing = TelemetryHostingExtensions.IsExporting(builder.Configuration);
        var endpoints = SiloEndpoints.Resolve(options, cluster, clustered: postgres is not null);
        builder.Services.AddSingleton(endpoints);
        // Fast failure detection unless configured otherwise (these run before the section is bound).
        builder.Services.Configure<ClusterMembershipOptions>(ClusterSettings.ApplyFastFailureDetection);
        builder.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(ClusterSettings.MembershipSection));
        if (postgres is not null)
        {
            // Hosted services start in order: the membership tables and queries exist before the silo reads them.
            builder.Services.AddHostedService(_ => new MembershipSchemaInstaller(postgres));
        }
        builder.UseOrleans(silo =>
        {
            if (postgres is null)
            {
                // One silo clusters with itself; its silo port is picked free unless set, so several servers share a machine.
                silo.UseLocalhostClustering(siloPort: endpoints.SiloPort, gatewayPort: 0, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }
            else
            {
                silo.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = NpgsqlInvariant;
                    clustering.ConnectionString = postgres;
                });
                silo.Configure<ClusterOptions>(ids =>
                {
                    ids.ClusterId = cluster.ClusterId;
                    ids.ServiceId = cluster.ServiceId;
                });
                silo.Configure<EndpointOptions>(endpoints.Configure);
                if (cluster.Kubernetes)
                {
                    // After ours: it fills in the advertised address from POD_IP when --advertise did not.
                    silo.UseKubernetesHosting();
                }
            }
            silo.AddCheckpointGridDashboard(builder.Configuration);
            if (tracing)
            {
                // Grain calls carry the caller's trace context, so a batch's spans form one trace across silos.
                silo.AddActivityPropagation();
            }
        });
        return builder;
    }
}

/// <summary>Where the silo listens for other silos (and Orleans clients, at its gateway) and the address it advertises.</summary>
internal sealed record SiloEndpoints(IPAddress Listen, int SiloPort, int GatewayPort, IPAddress? Advertised)
{
    /// <summary>The ports in effect: a configured 0 becomes a free port now, so the log and the membership table say the real one.</summary>
    public static SiloEndpoints Resolve(ServerOptions options, ClusterSettings cluster, bool clustered)
    {
        var bind = options.ParsedBindAddress;
        var siloPort = options.SiloPort == 0 ? FreePort(bind) : options.SiloPort;
        if (!clustered)
        {
            return new SiloEndpoints(IPAddress.Loopback, siloPort, 0, IPAddress.Loopback);
        }
        var gatewayPort = options.GatewayPort == 0 ? FreePort(bind) : options.GatewayPort;
        IPAddress? advertised = null;
        if (!string.IsNullOrEmpty(options.AdvertiseAddress))
        {
            advertised = IPAddress.Parse(options.AdvertiseAddress);
        }
        else if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            advertised = bind;
        }
        else if (!cluster.Kubernetes)
        {
            throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions),
                [$"Server:AdvertiseAddress (--advertise) is needed: the server binds every interface ({options.BindAddress}), so it cannot tell which address other silos reach it at."]);
        }
        return new SiloEndpoints(bind, siloPort, gatewayPort, advertised);
    }

    public void Configure(EndpointOptions endpoints)
    {
        endpoints.SiloPort = SiloPort;
        endpoints.GatewayPort = GatewayPort;
        endpoints.SiloListeningEndpoint = new IPEndPoint(Listen, SiloPort);
        endpoints.GatewayListeningEndpoint = new IPEndPoint(Listen, GatewayPort);
        if (Advertised is not null)
        {
            endpoints.AdvertisedIPAddress = Advertised;
        }
    }

    private static int FreePort(IPAddress bind)
    {
        using var probe = new TcpListener(bind, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>Creates (or brings up to date) the cluster's membership tables and Orleans' named queries before the silo starts.</summary>
internal sealed class MembershipSchemaInstaller(string connectionString) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => PostgresMembershipSchema.EnsureCreatedAsync(connectionString, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Messaging;

namespace CheckpointGrid.Storage.Tests.Postgres.Membership;

/// <summary>
/// Orleans' own ADO.NET clustering classes, resolved from a silo's (or a client's) service container configured the way
/// the server configures it — <c>UseAdoNetClustering</c> with the <c>Npgsql</c> invariant — but never started, so a test
/// drives the provider's <see cref="IMembershipTable"/> and <see cref="IGatewayListProvider"/> directly.
/// </summary>
internal sealed class OrleansMembershipProvider : IDisposable
{
    private readonly IHost _host;

    private OrleansMembershipProvider(IHost host) => _host = host;

    public static async Task<(OrleansMembershipProvider Provider, IMembershipTable Table)> SiloTableAsync(string connectionString, string clusterId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options => Cluster(options, clusterId))
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            }));
        var provider = new OrleansMembershipProvider(builder.Build());
        var table = provider._host.Services.GetRequiredService<IMembershipTable>();
        // As a silo does at start: load the named statements, and create the cluster's version row if missing.
        await table.InitializeMembershipTableAsync(true, cancellationToken);
        return (provider, table);
    }

    public static async Task<(OrleansMembershipProvider Provider, IGatewayListProvider Gateways)> ClientGatewaysAsync(string connectionString, string clusterId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(options => Cluster(options, clusterId))
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            }));
        var provider = new OrleansMembershipProvider(builder.Build());
        var gateways = provider._host.Services.GetRequiredService<IGatewayListProvider>();
        await gateways.InitializeGatewayListProviderAsync(cancellationToken);
        return (provider, gateways);
    }

    public void Dispose() => _host.Dispose();

    private static void Cluster(ClusterOptions options, string clusterId)
    {
        options.ClusterId = clusterId;
        options.ServiceId = "checkpointgrid";
    }
}

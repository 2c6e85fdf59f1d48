using System.Net;
using System.Net.Sockets;
using CheckpointGrid.Server.Telemetry;

namespace CheckpointGrid.Server.Hosting;

/// <summary>The Orleans silo inside the server process: the embedded default is one silo on loopback, nothing to install.</summary>
internal static class SiloHostingExtensions
{
    public const string ClusterId = "checkpointgrid";

    public static WebApplicationBuilder AddCheckpointGridSilo(this WebApplicationBuilder builder, ServerOptions options)
    {
        // One silo clusters with itself; its silo port is picked free unless set, so several servers share a machine.
        var siloPort = options.SiloPort == 0 ? FreeLoopbackPort() : options.SiloPort;
        var tracing = TelemetryHostingExtensions.IsExporting(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0, serviceId: ClusterId, clusterId: ClusterId);
            if (tracing)
            {
                // Grain calls carry the caller's trace context, so a batch's spans form one trace across silos.
                silo.AddActivityPropagation();
            }
        });
        return builder;
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

using CheckpointGrid.Server.Auth;
using CheckpointGrid.Server.Tls;
using CheckpointGrid.Storage;

namespace CheckpointGrid.Server.Hosting;

/// <summary>Creates the data directory and, once Kestrel is bound, logs the addresses it listens on and how exposed it is.</summary>
internal sealed class StartupReporter(
    ServerOptions options, ServerTlsOptions tls, AuthOptions auth, ServerEndpoints endpoints, SiloEndpoints silo, ILocalSiloDetails siloDetails,
    ClusterSettings cluster, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<StartupReporter> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        ServerLog.DataDirectory(logger, dataDir);
        lifetime.ApplicationStarted.Register(() =>
        {
            ReportSilo();
            var grpc = endpoints.Grpc!.IPEndPoint!.ToString();
            var web = endpoints.Web!.IPEndPoint!.ToString();
            if (tls.Enabled)
            {
                ServerLog.GrpcListeningTls(logger, grpc);
                ServerLog.WebListeningTls(logger, web);
            }
            else
            {
                ServerLog.GrpcListening(logger, grpc);
                ServerLog.WebListening(logger, web);
            }
            if (endpoints.Health is { } health)
            {
                ServerLog.HealthListening(logger, health.IPEndPoint!.ToString());
            }
            if (!auth.Enabled)
            {
                // Validation kept an open server on loopback.
                if (tls.Enabled)
                {
                    ServerLog.RunningWithoutAuthentication(logger, options.BindAddress);
                }
                else
                {
                    ServerLog.RunningOpen(logger, options.BindAddress);
                }
            }
            else if (options.ServesPlaintextBeyondLoopback(tls.Enabled))
            {
                ServerLog.PlaintextBeyondLoopback(logger, options.BindAddress);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void ReportSilo()
    {
        var listen = $"{silo.Listen}:{silo.SiloPort}";
        if (silo.GatewayPort == 0)
        {
            ServerLog.EmbeddedSilo(logger, siloDetails.SiloAddress.ToString(), listen);
            return;
        }
        // Name the database, never the password.
        var database = new Npgsql.NpgsqlConnectionStringBuilder(configuration[$"{PostgresStoreOptions.SectionName}:{nameof(PostgresStoreOptions.ConnectionString)}"]);
        ServerLog.ClusterSilo(logger, siloDetails.SiloAddress.ToString(), cluster.ClusterId, listen, $"{silo.Listen}:{silo.GatewayPort}", $"{database.Host}:{database.Port}/{database.Database}");
    }
}

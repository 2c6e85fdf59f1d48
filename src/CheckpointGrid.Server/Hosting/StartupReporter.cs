using CheckpointGrid.Server.Tls;

namespace CheckpointGrid.Server.Hosting;

/// <summary>Creates the data directory and, once Kestrel is bound, logs the addresses it listens on.</summary>
internal sealed class StartupReporter(
    ServerOptions options, ServerTlsOptions tls, ServerEndpoints endpoints, IHostApplicationLifetime lifetime, ILogger<StartupReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        ServerLog.DataDirectory(logger, dataDir);
        lifetime.ApplicationStarted.Register(() =>
        {
            var grpc = endpoints.Grpc!.IPEndPoint!.ToString();
            var web = endpoints.Web!.IPEndPoint!.ToString();
            if (tls.Enabled)
            {
                ServerLog.GrpcListeningTls(logger, grpc);
                ServerLog.WebListeningTls(logger, web);
                ServerLog.RunningWithoutAuthentication(logger, options.BindAddress);
            }
            else
            {
                ServerLog.GrpcListening(logger, grpc);
                ServerLog.WebListening(logger, web);
                ServerLog.RunningOpen(logger, options.BindAddress);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

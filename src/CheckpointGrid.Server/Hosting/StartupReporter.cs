namespace CheckpointGrid.Server.Hosting;

/// <summary>Creates the data directory and, once Kestrel is bound, logs the addresses it listens on.</summary>
internal sealed class StartupReporter(
    ServerOptions options, ServerEndpoints endpoints, IHostApplicationLifetime lifetime, ILogger<StartupReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(dataDir);
        ServerLog.DataDirectory(logger, dataDir);
        lifetime.ApplicationStarted.Register(() =>
        {
            ServerLog.GrpcListening(logger, endpoints.Grpc!.IPEndPoint!.ToString());
            ServerLog.WebListening(logger, endpoints.Web!.IPEndPoint!.ToString());
            ServerLog.RunningOpen(logger, options.BindAddress);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

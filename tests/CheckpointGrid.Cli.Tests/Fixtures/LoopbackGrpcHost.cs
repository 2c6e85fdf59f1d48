using System.CommandLine;
using System.Net;
using CheckpointGrid.Cli.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Cli.Tests.Fixtures;

/// <summary>
/// A fake server for the CLI's tests: a real Kestrel on 127.0.0.1 speaking HTTP/2 cleartext (grpc-dotnet's server, or a
/// bare handler), set up by the test. Runs command lines against itself.
/// </summary>
internal sealed class LoopbackGrpcHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private LoopbackGrpcHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Starts on <paramref name="port"/> (0: a free one) with grpc-dotnet and <paramref name="services"/>; <paramref name="map"/> maps what it serves.</summary>
    public static async Task<LoopbackGrpcHost> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listener = listen;
        }));
        builder.Services.AddGrpc();
        services(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackGrpcHost(app, listener!.IPEndPoint!.Port);
    }

    /// <summary>Runs a checkpointgrid command line against this server: its exit code, standard output and error.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunCliAsync(string arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliCommands.Create().Parse($"{arguments} --server {Address}")
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error })
            .WaitAsync(TimeSpan.FromSeconds(30));
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Stops at once: open streams are cancelled, connections dropped.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await _app.StopAsync(now.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}

using CheckpointGrid.Contracts.V1;
using Grpc.Core;
using CheckpointGrid.Testing.Grpc;
using Grpc.Net.Client;
using CheckpointGrid.Grains;
using CheckpointGrid.Server.Hosting;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using CheckpointGrid.Testing.Logging;
using CheckpointGrid.Testing.Tls;
using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Server.Tests.Fixtures;

/// <summary>
/// The CheckpointGrid server started in-process as Program.cs starts it (real Kestrel, free loopback ports, a
/// fresh data directory), with a client channel to its gRPC port. Disposing it stops the server, deletes the
/// data directory, and fails the test if the server logged an error.
/// </summary>
internal sealed class GridServer : IAsyncDisposable
{
    /// <summary>The bound on every await of a test: a hang fails the test instead of stalling the run.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly CapturedLogs _logs;
    private readonly string _dataDir;
    private bool _ownsDataDir = true;

    private GridServer(WebApplication app, CapturedLogs logs, string dataDir, int grpcPort, TestCertificates? tls)
    {
        _app = app;
        _logs = logs;
        _dataDir = dataDir;
        Address = new Uri($"{(tls is null ? "http" : "https")}://127.0.0.1:{grpcPort}");
        Channel = tls is null ? TestChannel.For(Address) : TestChannel.For(Address, tls.Authority);
    }

    /// <summary>What the server logged at Warning.</summary>
    public IEnumerable<string> Warnings => _logs.Warnings;

    public GrpcChannel Channel { get; }

    /// <summary>The server's services, for a test that checks what was (or was not) registered.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The gRPC port's address, for more channels.</summary>
    public Uri Address { get; }

    /// <summary>The HTTP/1.1 port's address (dashboard, /healthz).</summary>
    public Uri WebAddress { get; private init; } = null!;

    /// <summary>Starts a server; <paramref name="settings"/> are more command-line settings, e.g. "--Watch:HeartbeatInterval", "00:00:00.2".</summary>
    public static Task<GridServer> StartAsync(params string[] settings) => StartAsync(time: null, settings);

    /// <summary>Starts a server whose own clock (counting, watching, grains) is <paramref name="time"/>.</summary>
    public static Task<GridServer> StartAsync(TimeProvider? time, params string[] settings) =>
        StartAsync(Directory.CreateTempSubdirectory("checkpointgrid-server-tests-").FullName, time, tls: null, settings);

    /// <summary>Starts a server on <paramref name="dataDir"/>, which the caller owns: disposing keeps it, so a second server can restart on it.</summary>
    public static async Task<GridServer> StartOnAsync(string dataDir, params string[] settings)
    {
        var server = await StartAsync(dataDir, time: null, tls: null, settings);
        server._ownsDataDir = false;
        return server;
    }

    /// <summary>Starts a server with TLS from <paramref name="tls"/>'s PEM files; its channel trusts <paramref name="tls"/>'s CA only.</summary>
    public static Task<GridServer> StartTlsAsync(TestCertificates tls, params string[] settings) =>
        StartAsync(Directory.CreateTempSubdirectory("checkpointgrid-server-tests-").FullName, time: null, tls,
            ["--tls-cert", tls.CertificatePath, "--tls-key", tls.KeyPath, .. settings]);

    private static async Task<GridServer> StartAsync(string dataDir, TimeProvider? time, TestCertificates? tls, string[] settings)
    {
        string[] args = ["--port", "0", "--http-port", "0", "--data-dir", dataDir, .. settings];
        var builder = WebApplication.CreateSlimBuilder(args);
        if (time is not null)
        {
            builder.Services.AddKeyedSingleton(GridClock.Key, time);
        }
        builder.AddCheckpointGridServer(args);
        var logs = new CapturedLogs(LogLevel.Warning);
        builder.Logging.AddProvider(logs);
        var app = builder.Build();
        app.MapCheckpointGrid();
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await app.StartAsync(timeout.Token).WaitAsync(Patience);
            var grpc = app.Services.GetRequiredService<ServerEndpoints>().Grpc?.IPEndPoint
                ?? throw new InvalidOperationException("The server started without binding its gRPC endpoint.");
            var web = app.Services.GetRequiredService<ServerEndpoints>().Web?.IPEndPoint
                ?? throw new InvalidOperationException("The server started without binding its web endpoint.");
            return new GridServer(app, logs, dataDir, grpc.Port, tls) { WebAddress = new Uri($"{(tls is null ? "http" : "https")}://127.0.0.1:{web.Port}") };
        }
        catch
        {
            await app.DisposeAsync().AsTask().WaitAsync(Patience);
            Directory.Delete(dataDir, recursive: true);
            throw;
        }
    }

    /// <summary>A unary call with a deadline, awaited with a bound.</summary>
    public Task<TResponse> CallAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        Channel.UnaryAsync(method, request, new CallOptions(deadline: DateTime.UtcNow + Patience)).WaitAsync(Patience);

    /// <summary>The status a call ends with, which the test expects not to be OK.</summary>
    public async Task<RpcException> FailureOfAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new() =>
        await Assert.ThrowsAsync<RpcException>(() => CallAsync(method, request));

    /// <summary>Records one event; true when the server called it a duplicate.</summary>
    public async Task<bool> RecordAsync(CrossingEvent crossing) =>
        (await CallAsync(Rpcs.RecordCrossing, new RecordCrossingRequest { Event = crossing })).Duplicate;

    public async Task<ScopeCounts> CheckpointCountsAsync(string checkpointId) =>
        (await CallAsync(Rpcs.GetCheckpointCounts, new GetCheckpointCountsRequest { CheckpointId = checkpointId })).Counts;

    public async Task<ScopeCounts> RegionCountsAsync(string region) =>
        (await CallAsync(Rpcs.GetRegionCounts, new GetRegionCountsRequest { Region = region })).Counts;

    public async Task<ScopeCounts> NationalCountsAsync() =>
        (await CallAsync(Rpcs.GetNationalCounts, new GetNationalCountsRequest())).Counts;

    public async Task<Contracts.V1.Checkpoint> CheckpointAsync(string id) =>
        (await CallAsync(Rpcs.GetCheckpoint, new GetCheckpointRequest { Id = id })).Checkpoint;

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        using (var timeout = new CancellationTokenSource(Patience))
        {
            await _app.StopAsync(timeout.Token).WaitAsync(Patience);
        }

        await _app.DisposeAsync().AsTask().WaitAsync(Patience);
        if (_ownsDataDir)
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        var errors = _logs.Errors.ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The server logged errors:\n" + string.Join("\n", errors));
        }
    }
}

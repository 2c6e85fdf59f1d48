using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Hosting;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing.Auth;
using CheckpointGrid.Testing.Grpc;
using CheckpointGrid.Testing.Tls;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Server.Tests.Hosting;

/// <summary>
/// Server:HealthPort (--health-port): a cleartext HTTP/2 port for the kubelet's gRPC probes, which cannot do TLS —
/// readiness on service "", liveness on service "liveness", and nothing but grpc.health.v1 served on it.
/// </summary>
public sealed class HealthPortTests
{
    [Fact]
    public async Task Health_port_serves_readiness_and_liveness_in_cleartext_beside_TLS_and_tokens()
    {
        using var tls = TestCertificates.Create();
        using var keys = TestKeys.Create();
        var port = FreePort();
        await using var server = await GridServer.StartTlsAsync(tls, "--health-port", Port(port), "--jwt-key", keys.PublicKeyPath);
        Assert.Equal(port, server.Services.GetRequiredService<ServerEndpoints>().Health?.IPEndPoint?.Port);
        using var channel = TestChannel.For(new Uri($"http://127.0.0.1:{port}"));
        var health = new Health.HealthClient(channel);

        Assert.Equal(ServingStatus.Serving, await StatusAsync(health, ""));
        Assert.Equal(ServingStatus.Serving, await StatusAsync(health, "liveness"));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => StatusAsync(health, "no-such-service"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        // The TLS port serves the same services.
        Assert.Equal(ServingStatus.Serving, await StatusAsync(new Health.HealthClient(server.Channel), "liveness"));
    }

    [Fact]
    public async Task Health_port_answers_every_other_service_and_path_with_not_found()
    {
        var port = FreePort();
        await using var server = await GridServer.StartAsync("--health-port", Port(port));
        using var channel = TestChannel.For(new Uri($"http://127.0.0.1:{port}"));

        var call = channel.UnaryAsync(Rpcs.GetNationalCounts, new GetNationalCountsRequest(), new CallOptions(deadline: DateTime.UtcNow + GridServer.Patience));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(GridServer.Patience));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        // The same call on the gRPC port is served: only the health port refuses it.
        Assert.NotNull(await server.NationalCountsAsync());

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = GridServer.Patience };
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/healthz"),
            (HttpMethod.Get, "/"),
            (HttpMethod.Post, "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"),
            (HttpMethod.Post, "/checkpointgrid.v1.IngestService/RecordCrossing"),
            (HttpMethod.Post, "/grpc.health.v1.HealthX/Check"),
        })
        {
            using var request = new HttpRequestMessage(method, new Uri($"http://127.0.0.1:{port}{path}"))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var response = await http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Health_port_is_off_by_default()
    {
        await using var server = await GridServer.StartAsync();

        Assert.Null(server.Services.GetRequiredService<ServerEndpoints>().Health);
        Assert.Equal(0, server.Services.GetRequiredService<ServerOptions>().HealthPort);
    }

    [Theory]
    [InlineData("-1", "is not a port number")]
    [InlineData("70000", "is not a port number")]
    [InlineData("5000", "needs a port of its own")]
    [InlineData("5001", "needs a port of its own")]
    public void Bad_health_port_fails_the_start_naming_the_setting(string value, string reason)
    {
        string[] args = ["--port", "5000", "--http-port", "5001", "--health-port", value];

        var error = Assert.Throws<OptionsValidationException>(() => WebApplication.CreateSlimBuilder(args).AddCheckpointGridServer(args));

        Assert.Contains("Server:HealthPort (--health-port)", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static async Task<ServingStatus> StatusAsync(Health.HealthClient health, string service) =>
        (await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow + GridServer.Patience)
            .ResponseAsync.WaitAsync(GridServer.Patience)).Status;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>A port free a moment ago: Server:HealthPort takes 0 as "off", so a test cannot ask Kestrel to pick one.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

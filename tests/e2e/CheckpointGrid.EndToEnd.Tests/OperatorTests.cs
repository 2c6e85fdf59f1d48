using System.Net;
using CheckpointGrid.Testing.Grpc;
using Grpc.Core;
using Grpc.Net.Client;
using CheckpointGrid.Testing;
using Grpc.Health.V1;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>What operators and Kubernetes do against a running server: list, describe, probe health.</summary>
public sealed class OperatorTests(ServerProcessFixture server) : IClassFixture<ServerProcessFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck =
        Rpc.Of<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0], "Check");

    [Fact]
    public async Task Health_check_answers_SERVING_to_our_client_and_to_grpcio()
    {
        using var channel = GrpcChannel.ForAddress($"http://{server.GrpcAddress}");
        var response = await channel.UnaryAsync(HealthCheck, new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);

        Assert.Equal("SERVING", (await OperatorAsync("health")).Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData("--v1alpha")]
    public async Task Reflection_lists_every_service_and_each_one_describes(string version)
    {
        var services = (await OperatorAsync("list", version)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("grpc.reflection.v1.ServerReflection", services);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);
        foreach (var service in services)
        {
            var description = await OperatorAsync("describe", service, version);
            Assert.Contains($"{service} is a service:", description);
            Assert.Contains("rpc ", description);
        }
    }

    [Fact]
    public async Task Web_port_answers_plain_http_health()
    {
        using var http = new HttpClient();
        var body = await http.GetStringAsync($"http://127.0.0.1:{server.WebPort}/healthz");
        Assert.Equal("SERVING", body.Trim());
    }

    [Fact]
    public async Task Grpc_call_over_http1_to_the_web_port_is_refused_with_426()
    {
        using var http = new HttpClient();
        using var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        using var response = await http.PostAsync($"http://127.0.0.1:{server.WebPort}/grpc.health.v1.Health/Check", content);
        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_port_stops_start_up_with_a_message_naming_the_setting()
    {
        await using var bad = ServerProcessFixture.Start("--port", "70000", "--http-port", "0", "--data-dir", server.DataDir);
        var exitCode = await bad.WaitForExitAsync(Patience);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Server:Port (--port) 70000", bad.Output);
    }

    [Fact]
    public async Task Binding_beyond_loopback_is_refused_while_the_server_runs_open()
    {
        await using var open = ServerProcessFixture.Start("--port", "0", "--http-port", "0", "--bind", "0.0.0.0", "--data-dir", server.DataDir);
        var exitCode = await open.WaitForExitAsync(Patience);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("not a loopback address", open.Output);
    }

    private async Task<string> OperatorAsync(params string[] arguments)
    {
        var script = RepositoryPaths.Combine("tests", "e2e", "grpc_operator.py");
        await using var tool = ChildProcess.Start("/usr/bin/python3", [script, server.GrpcAddress, .. arguments.Where(a => a.Length > 0)]);
        var exitCode = await tool.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"grpc_operator.py {string.Join(' ', arguments)} exited {exitCode}:\n{tool.Output}\n--- server ---\n{server.Output}");
        return tool.Output;
    }
}

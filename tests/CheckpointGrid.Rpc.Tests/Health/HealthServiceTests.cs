using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Client;
using CheckpointGrid.Rpc.Health;
using CheckpointGrid.Rpc.Reflection;
using CheckpointGrid.Rpc.Server;
using CheckpointGrid.Rpc.Tests.Fixtures;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace CheckpointGrid.Rpc.Tests.Health;

/// <summary>grpc.health.v1.Health as Kubernetes probes and load balancers call it, end to end through Kestrel.</summary>
public class HealthServiceTests
{
    private const string TestService = "grpc.testing.TestService";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check =
        Method.Create<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0], "Check");
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch =
        Method.Create<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0], "Watch");

    private static Task<LoopbackServer> StartAsync() =>
        LoopbackServer.StartAsync(s => s.AddGrpcHealth().AddGrpcReflection().AddGrpcService<TestServiceImpl>());

    [Theory]
    [InlineData(HealthStatusRegistry.Server)]
    [InlineData(TestService)]
    [InlineData("grpc.reflection.v1.ServerReflection")]
    public async Task Check_reports_the_server_and_its_services_serving_once_started(string service)
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();

        var response = await channel.UnaryAsync(Check, new HealthCheckRequest { Service = service }).WaitAsync(Patience);

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_of_an_unknown_service_fails_with_not_found()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Check, new HealthCheckRequest { Service = "grpc.testing.NoSuchService" }).WaitAsync(Patience));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Check_reports_a_status_set_for_a_service()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();

        server.Services.GetRequiredService<HealthStatusRegistry>().Set(TestService, ServingStatus.NotServing);

        Assert.Equal(ServingStatus.NotServing, (await channel.UnaryAsync(Check, new HealthCheckRequest { Service = TestService }).WaitAsync(Patience)).Status);
        Assert.Equal(ServingStatus.Serving, (await channel.UnaryAsync(Check, new HealthCheckRequest()).WaitAsync(Patience)).Status);
    }

    [Fact]
    public async Task Watch_sends_the_current_status_then_each_change()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        var statuses = server.Services.GetRequiredService<HealthStatusRegistry>();

        using var call = await channel.ServerStreamingAsync(Watch, new HealthCheckRequest { Service = TestService }).WaitAsync(Patience);

        Assert.Equal(ServingStatus.Serving, await NextStatusAsync(call));
        statuses.Set(TestService, ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, await NextStatusAsync(call));
        statuses.Set(TestService, ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, await NextStatusAsync(call));
    }

    [Fact]
    public async Task Watch_of_an_unknown_service_reports_service_unknown_and_stays_open()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();

        using var call = await channel.ServerStreamingAsync(Watch, new HealthCheckRequest { Service = "grpc.testing.Later" }).WaitAsync(Patience);

        Assert.Equal(ServingStatus.ServiceUnknown, await NextStatusAsync(call));
        server.Services.GetRequiredService<HealthStatusRegistry>().Set("grpc.testing.Later", ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, await NextStatusAsync(call));
    }

    [Fact]
    public async Task Watch_reports_not_serving_and_ends_ok_when_the_host_stops()
    {
        await using var server = await StartAsync();
        using var channel = server.CreateChannel();
        using var call = await channel.ServerStreamingAsync(Watch, new HealthCheckRequest()).WaitAsync(Patience);
        Assert.Equal(ServingStatus.Serving, await NextStatusAsync(call));

        var stopping = server.StopAsync();

        // Within the server's shutdown grace period, before open calls are cancelled.
        Assert.Equal(ServingStatus.NotServing, await NextStatusAsync(call));
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Patience));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        await stopping.WaitAsync(Patience);
    }

    private static async Task<ServingStatus> NextStatusAsync(ClientCall<HealthCheckRequest, HealthCheckResponse> call)
    {
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Patience), "The watch ended.");
        return call.ResponseStream.Current.Status;
    }
}

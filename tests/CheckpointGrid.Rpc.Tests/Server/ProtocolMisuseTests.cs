using System.Net;
using CheckpointGrid.Interop.Server;
using CheckpointGrid.Rpc.Server;
using CheckpointGrid.Rpc.Tests.Fixtures;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CheckpointGrid.Rpc.Tests.Server;

/// <summary>Requests that are not gRPC over HTTP/2 are refused at the HTTP level, saying why.</summary>
public class ProtocolMisuseTests
{
    private const string UnaryPath = "/grpc.testing.TestService/UnaryCall";

    [Fact]
    public async Task Wrong_content_type_is_HTTP_415()
    {
        await using var server = await LoopbackServer.StartAsync(s => s.AddGrpcService<TestServiceImpl>());
        using var http = server.CreateHttp2Client();

        using var response = await http.PostAsync(UnaryPath, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", response.Headers.GetValues("grpc-message").Single());
    }

    [Fact]
    public async Task Get_is_HTTP_405()
    {
        await using var server = await LoopbackServer.StartAsync(s => s.AddGrpcService<TestServiceImpl>());
        using var http = server.CreateHttp2Client();

        using var response = await http.GetAsync(UnaryPath);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task Http1_request_is_HTTP_426()
    {
        await using var server = await LoopbackServer.StartAsync(s => s.AddGrpcService<TestServiceImpl>(), HttpProtocols.Http1);
        using var http = new HttpClient { BaseAddress = server.Address };
        using var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");

        using var response = await http.PostAsync(UnaryPath, content);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Contains("HTTP/1.1", response.Headers.GetValues("grpc-message").Single());
    }

    [Fact]
    public async Task Early_error_is_a_trailers_only_response()
    {
        await using var server = await LoopbackServer.StartAsync(s => s.AddGrpcService<TestServiceImpl>());
        using var http = server.CreateHttp2Client();
        // A unary request with a compressed message in an encoding the server does not have.
        using var request = LoopbackServer.GrpcRequest(UnaryPath, [1, 0, 0, 0, 1, 0]);
        request.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body);
        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
        Assert.Contains("snappy", response.Headers.GetValues("grpc-message").Single());
        Assert.Equal("identity,gzip", response.Headers.GetValues("grpc-accept-encoding").Single());
        Assert.Empty(response.TrailingHeaders);
    }
}

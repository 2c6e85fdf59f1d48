using System.Net;
using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Server.Hosting;
using CheckpointGrid.Server.Tests.Fixtures;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Grpc;
using CheckpointGrid.Testing.Tls;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Tests.Tls;

/// <summary>The server over TLS: gRPC, the page and /healthz on one port by ALPN, and start-up refusing bad certificate settings by name.</summary>
public sealed class ServerTlsTests
{
    [Fact]
    public async Task Grpc_page_and_healthz_share_the_TLS_port_and_the_web_port_serves_TLS_too()
    {
        using var tls = TestCertificates.Create();
        await using var server = await GridServer.StartTlsAsync(tls);

        Assert.Equal("https", server.Address.Scheme);
        var crossing = Crossings.One("PA-DAR-LJB");
        Assert.False(await server.RecordAsync(crossing));
        Assert.Equal(crossing.Headcount, (await server.CheckpointCountsAsync("PA-DAR-LJB")).Totals.Arrival.People);

        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = TestChannel.TrustOnly(tls.Authority), UseProxy = false });
        foreach (var origin in new[] { server.Address, server.WebAddress })
        {
            using var health = await GetHttp11Async(http, new Uri(origin, "/healthz"));
            Assert.Equal(HttpVersion.Version11, health.Version);
            Assert.Equal("SERVING\n", await health.Content.ReadAsStringAsync());
            using var page = await GetHttp11Async(http, new Uri(origin, "/"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.StartsWith("text/html", page.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pfx_with_its_password_serves_grpc()
    {
        using var tls = TestCertificates.Create();
        await using var server = await GridServer.StartTlsAsync(tls, "--Server:Tls:CertificatePath", "", "--Server:Tls:KeyPath", "",
            "--tls-pfx", tls.PfxPath, "--Server:Tls:PfxPassword", TestCertificates.PfxPassword);

        var listed = await server.CallAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest());

        Assert.NotEmpty(listed.Checkpoints);
    }

    [Fact]
    public async Task Client_that_does_not_trust_the_CA_is_refused_and_nothing_is_served_in_cleartext()
    {
        using var tls = TestCertificates.Create();
        using var other = TestCertificates.Create("Some Other CA");
        await using var server = await GridServer.StartTlsAsync(tls);

        using var stranger = TestChannel.For(server.Address, other.Authority);
        var refused = await Assert.ThrowsAsync<RpcException>(() => stranger.UnaryAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest()).WaitAsync(GridServer.Patience));
        using var cleartext = TestChannel.For(new UriBuilder(server.Address) { Scheme = "http" }.Uri);
        var plain = await Assert.ThrowsAsync<RpcException>(() => cleartext.UnaryAsync(Rpcs.ListCheckpoints, new ListCheckpointsRequest()).WaitAsync(GridServer.Patience));

        // grpc-dotnet reports a failed handshake as INTERNAL with the reason; no call reached a service either way.
        Assert.Contains("certificate", refused.Status.Detail, StringComparison.Ordinal);
        Assert.NotEqual(StatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task Expired_certificate_starts_with_a_warning_naming_it()
    {
        using var tls = TestCertificates.Create(notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        await using var server = await GridServer.StartTlsAsync(tls);

        var warning = Assert.Single(server.Warnings, w => w.Contains("TLS certificate", StringComparison.Ordinal));
        Assert.Contains("expired on", warning, StringComparison.Ordinal);
        Assert.Contains(tls.Server.Thumbprint, warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-cert", "Server:Tls:CertificatePath (--tls-cert)", "no such file")]
    [InlineData("missing-key", "Server:Tls:KeyPath (--tls-key)", "no such file")]
    [InlineData("garbage-cert", "Server:Tls:CertificatePath (--tls-cert)", "holds no PEM certificate")]
    [InlineData("garbage-key", "Server:Tls:KeyPath (--tls-key)", "holds no readable private key")]
    [InlineData("foreign-key", "Server:Tls:KeyPath (--tls-key)", "is not the key of the certificate")]
    [InlineData("cert-without-key", "Server:Tls:KeyPath (--tls-key) is not", "")]
    [InlineData("wrong-pfx-password", "Server:Tls:PfxPath (--tls-pfx)", "cannot be read as PKCS#12")]
    [InlineData("silo-without-ca", "Server:Tls:CaPath (--tls-ca)", "")]
    public void Bad_TLS_settings_fail_at_start_naming_the_setting_and_the_file(string how, string setting, string problem)
    {
        using var tls = TestCertificates.Create();
        using var other = TestCertificates.Create("Other CA");
        var garbage = tls.WriteFile("garbage.pem", "not a PEM file\n");
        var missing = Path.Combine(tls.Directory, "missing.pem");
        string[] args = how switch
        {
            "missing-cert" => ["--tls-cert", missing, "--tls-key", tls.KeyPath],
            "missing-key" => ["--tls-cert", tls.CertificatePath, "--tls-key", missing],
            "garbage-cert" => ["--tls-cert", garbage, "--tls-key", tls.KeyPath],
            "garbage-key" => ["--tls-cert", tls.CertificatePath, "--tls-key", garbage],
            "foreign-key" => ["--tls-cert", tls.CertificatePath, "--tls-key", other.KeyPath],
            "cert-without-key" => ["--tls-cert", tls.CertificatePath],
            "wrong-pfx-password" => ["--tls-pfx", tls.PfxPath, "--Server:Tls:PfxPassword", "wrong"],
            _ => ["--tls-cert", tls.CertificatePath, "--tls-key", tls.KeyPath, "--silo-tls", "true"],
        };

        var error = Assert.Throws<OptionsValidationException>(() => WebApplication.CreateSlimBuilder(args).AddCheckpointGridServer(args));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        var file = args.Length > 1 && how != "cert-without-key" && how != "silo-without-ca" ? (how.Contains("key", StringComparison.Ordinal) ? args[3] : args[1]) : null;
        if (file is not null)
        {
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
    }

    private static Task<HttpResponseMessage> GetHttp11Async(HttpClient http, Uri uri) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact })
            .WaitAsync(GridServer.Patience);
}

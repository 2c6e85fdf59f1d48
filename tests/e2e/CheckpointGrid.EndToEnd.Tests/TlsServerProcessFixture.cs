using System.Globalization;
using CheckpointGrid.Testing;
using CheckpointGrid.Testing.Tls;

namespace CheckpointGrid.EndToEnd.Tests;

/// <summary>The real server process over TLS, with a certificate from a test CA; clients trust <see cref="Certificates"/>' ca.pem.</summary>
public class TlsServerProcessFixture : IAsyncLifetime
{
    private ChildProcess? _server;

    public TestCertificates Certificates { get; } = TestCertificates.Create();

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "cg-e2e-tls-" + Guid.NewGuid().ToString("N"));

    public int GrpcPort { get; private set; }

    /// <summary>host:port, as grpcio and grpc-js take it.</summary>
    public string GrpcAddress => $"127.0.0.1:{GrpcPort}";

    public string Output => _server?.Output ?? "";

    public async Task InitializeAsync()
    {
        _server = ServerProcessFixture.Start(["--port", "0", "--http-port", "0", "--data-dir", DataDir,
            "--tls-cert", Certificates.CertificatePath, "--tls-key", Certificates.KeyPath, .. MoreSettings()]);
        var grpc = await _server.WaitForLineAsync(@"gRPC listening on https://127\.0\.0\.1:(\d+)", TimeSpan.FromSeconds(60));
        GrpcPort = int.Parse(grpc.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Settings a variant of this server adds to the command line.</summary>
    protected virtual IEnumerable<string> MoreSettings() => [];

    public virtual async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
        Certificates.Dispose();
    }
}

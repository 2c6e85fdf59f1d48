using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CheckpointGrid.Testing.Tls;

/// <summary>
/// A private CA and a server certificate it issued for 127.0.0.1, ::1 and localhost, generated for one test and
/// written as PEM files to a temporary directory (deleted on dispose). The server certificate is good for both
/// server and client authentication, as silos present it to each other.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, X509Certificate2 authority, X509Certificate2 server)
    {
        Directory = directory;
        Authority = authority;
        Server = server;
    }

    /// <summary>The directory holding the PEM files.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate (no key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate, with its key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>ca.pem: the CA certificate a client trusts.</summary>
    public string CaPath => Path.Combine(Directory, "ca.pem");

    /// <summary>server.pem: the server certificate followed by the CA certificate (a chain, as a real one would be).</summary>
    public string CertificatePath => Path.Combine(Directory, "server.pem");

    /// <summary>server.key: the server certificate's private key (PKCS#8).</summary>
    public string KeyPath => Path.Combine(Directory, "server.key");

    /// <summary>server.pfx: the server certificate and key as PKCS#12, protected by <see cref="PfxPassword"/>.</summary>
    public string PfxPath => Path.Combine(Directory, "server.pfx");

    /// <summary>The password of <see cref="PfxPath"/>.</summary>
    public const string PfxPassword = "test-pfx-password";

    /// <summary>Generates a CA and a server certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> (default: an hour ago to a day ahead).</summary>
    public static TestCertificates Create(string caName = "CheckpointGrid Test CA", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        var until = notAfter ?? DateTimeOffset.UtcNow.AddDays(1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        // The CA outlives the server certificate by a day either side, so only the server certificate's dates matter.
        using var ca = caRequest.CreateSelfSigned(from.AddDays(-1), until.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, critical: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = serverRequest.Create(ca, from, until, serial);
        var server = issued.CopyWithPrivateKey(serverKey);

        var directory = System.IO.Directory.CreateTempSubdirectory("checkpointgrid-tls-").FullName;
        var authority = X509CertificateLoader.LoadCertificate(ca.RawData);
        var certificates = new TestCertificates(directory, authority, server);
        File.WriteAllText(certificates.CaPath, authority.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.CertificatePath, server.ExportCertificatePem() + "\n" + authority.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.KeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllBytes(certificates.PfxPath, server.Export(X509ContentType.Pkcs12, PfxPassword));
        return certificates;
    }

    /// <summary>Writes <paramref name="text"/> to a file of this directory, for tests of bad files; returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

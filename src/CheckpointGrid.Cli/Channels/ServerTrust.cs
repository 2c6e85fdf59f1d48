using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CheckpointGrid.Cli.Channels;

/// <summary>
/// Which certificates the CLI accepts from an https:// server: the system's trusted CAs by default, or only the
/// CA certificate(s) of a PEM file (--ca), for a server whose certificate a private CA issued.
/// </summary>
public sealed class ServerTrust
{
    private readonly X509Certificate2Collection? _roots;

    private ServerTrust(string? caPath, X509Certificate2Collection? roots)
    {
        CaPath = caPath;
        _roots = roots;
    }

    /// <summary>The system's trusted CAs.</summary>
    public static ServerTrust System { get; } = new(null, null);

    /// <summary>The PEM file the CA certificates came from, or null for the system's.</summary>
    public string? CaPath { get; }

    /// <summary>What the server's certificate must chain to, in words, for messages.</summary>
    public string Description => CaPath is null ? "the system's trusted CAs" : $"the CA certificate(s) in {CaPath} (--ca)";

    /// <summary>Trusts only the CA certificate(s) in the PEM file at <paramref name="path"/>; throws <see cref="IOException"/> naming the file and what is wrong.</summary>
    public static ServerTrust FromPemFile(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"--ca: '{path}': no such file.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--ca: '{path}' cannot be read: {ex.Message}", ex);
        }
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new IOException($"--ca: '{path}' is not a readable PEM certificate: {ex.Message}", ex);
        }
        if (roots.Count == 0)
        {
            throw new IOException($"--ca: '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return new ServerTrust(path, roots);
    }

    /// <summary>The chain policy for the TLS handshake: the file's CAs as the only roots, or null for the system's.</summary>
    internal X509ChainPolicy? ChainPolicy()
    {
        if (_roots is null)
        {
            return null;
        }
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // A private CA rarely publishes revocation lists a field laptop can reach.
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(_roots);
        return policy;
    }
}

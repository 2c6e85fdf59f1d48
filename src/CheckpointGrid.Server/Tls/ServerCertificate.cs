using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace CheckpointGrid.Server.Tls;

/// <summary>
/// The server's certificate with its key, the intermediates sent with it and the CA its peers chain to, loaded once
/// at start. Every way a setting can be wrong fails the start with a message that names the setting and the file.
/// </summary>
public sealed class ServerCertificate
{
    private ServerCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Intermediates = intermediates;
        Authorities = authorities;
    }

    /// <summary>The leaf certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Certificates after the leaf in the PEM file (or in the PFX), sent so clients can build the chain.</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>The CA certificate(s) of <see cref="ServerTlsOptions.CaPath"/>; empty when none is configured.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>Loads what <paramref name="options"/> names, or throws <see cref="OptionsValidationException"/> saying what is wrong.</summary>
    public static ServerCertificate Load(ServerTlsOptions options)
    {
        var (certificate, intermediates) = string.IsNullOrWhiteSpace(options.PfxPath)
            ? LoadPem(options.CertificatePath!, options.KeyPath!)
            : LoadPfx(options.PfxPath, options.PfxPassword);
        var authorities = string.IsNullOrWhiteSpace(options.CaPath)
            ? []
            : ReadCertificates(options.CaPath, $"{ServerTlsOptions.Section}:{nameof(ServerTlsOptions.CaPath)} (--tls-ca)");
        return new ServerCertificate(certificate, intermediates, authorities);
    }

    /// <summary>Why the certificate should not be trusted today, if it should not: expired, or not valid yet.</summary>
    public string? ValidityProblem(DateTimeOffset now) =>
        now > Certificate.NotAfter ? $"expired on {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
        : now < Certificate.NotBefore ? $"not valid until {Certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
        : null;

    private static (X509Certificate2, X509Certificate2Collection) LoadPem(string certificatePath, string keyPath)
    {
        const string CertificateSetting = $"{ServerTlsOptions.Section}:{nameof(ServerTlsOptions.CertificatePath)} (--tls-cert)";
        const string KeySetting = $"{ServerTlsOptions.Section}:{nameof(ServerTlsOptions.KeyPath)} (--tls-key)";
        var all = ReadCertificates(certificatePath, CertificateSetting);
        var leaf = all[0];
        var keyPem = ReadText(keyPath, KeySetting);
        using var key = ReadPrivateKey(keyPem)
            ?? throw Invalid($"{KeySetting} '{keyPath}' holds no readable private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC, not encrypted).");
        if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(leaf.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw Invalid($"{KeySetting} '{keyPath}' is not the key of the certificate in {CertificateSetting} '{certificatePath}' ({leaf.Subject}).");
        }
        using var withKey = key switch
        {
            RSA rsa => leaf.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
            _ => throw Invalid($"{KeySetting} '{keyPath}': only RSA and EC keys are supported."),
        };
        // Through PKCS#12 so that the key is a persisted one: SslStream on some platforms refuses ephemeral keys.
        var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            intermediates.Add(all[i]);
        }
        return (certificate, intermediates);
    }

    private static (X509Certificate2, X509Certificate2Collection) LoadPfx(string path, string? password)
    {
        const string Setting = $"{ServerTlsOptions.Section}:{nameof(ServerTlsOptions.PfxPath)} (--tls-pfx)";
        if (!File.Exists(path))
        {
            throw Invalid($"{Setting} '{path}': no such file.");
        }
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"{Setting} '{path}' cannot be read as PKCS#12 (wrong {nameof(ServerTlsOptions.PfxPassword)}, or not a .pfx file): {ex.Message}");
        }
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw Invalid($"{Setting} '{path}' holds no certificate with its private key.");
        var intermediates = new X509Certificate2Collection();
        foreach (var other in all)
        {
            if (!ReferenceEquals(other, leaf))
            {
                intermediates.Add(other);
            }
        }
        return (leaf, intermediates);
    }

    private static X509Certificate2Collection ReadCertificates(string path, string setting)
    {
        var pem = ReadText(path, setting);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"{setting} '{path}' is not a readable PEM certificate: {ex.Message}");
        }
        if (certificates.Count == 0)
        {
            throw Invalid($"{setting} '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return certificates;
    }

    private static string ReadText(string path, string setting)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Invalid($"{setting} '{path}': no such file.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid($"{setting} '{path}' cannot be read: {ex.Message}");
        }
    }

    /// <summary>The RSA or EC private key in <paramref name="pem"/>, or null when it holds none (a public key is none).</summary>
    private static AsymmetricAlgorithm? ReadPrivateKey(string pem)
    {
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal) || pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            return null;
        }
        AsymmetricAlgorithm[] candidates = [RSA.Create(), ECDsa.Create()];
        AsymmetricAlgorithm? found = null;
        foreach (var candidate in candidates)
        {
            try
            {
                candidate.ImportFromPem(pem);
                found = candidate;
                break;
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                // Not this algorithm's key: try the next.
            }
        }
        foreach (var candidate in candidates)
        {
            if (!ReferenceEquals(candidate, found))
            {
                candidate.Dispose();
            }
        }
        return found;
    }

    private static OptionsValidationException Invalid(string message) =>
        new(ServerTlsOptions.Section, typeof(ServerTlsOptions), [message]);
}

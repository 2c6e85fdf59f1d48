namespace CheckpointGrid.Server.Tls;

/// <summary>
/// The server's certificate (section "Server:Tls", or --tls-cert, --tls-key, --tls-ca, --silo-tls): with one, both
/// ports serve TLS and the gRPC port speaks HTTP/2 and HTTP/1.1 by ALPN, so gRPC, the page and /healthz can share it.
/// </summary>
public sealed class ServerTlsOptions
{
    public const string Section = "Server:Tls";

    /// <summary>The certificate in PEM; intermediates may follow it in the same file and are sent with it.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key in PEM (PKCS#8, PKCS#1 or SEC1; not encrypted).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The certificate and its key as one PKCS#12 (.pfx) file, instead of the PEM pair.</summary>
    public string? PfxPath { get; set; }

    /// <summary>The PFX file's password, if it has one; set it in the environment (Server__Tls__PfxPassword), not on a command line.</summary>
    public string? PfxPassword { get; set; }

    /// <summary>The CA certificate(s) in PEM that other silos' certificates must chain to; required for <see cref="Silo"/>.</summary>
    public string? CaPath { get; set; }

    /// <summary>Silo-to-silo traffic over TLS too, both sides presenting the server's certificate, verified against <see cref="CaPath"/>.</summary>
    public bool Silo { get; set; }

    /// <summary>True when a certificate is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(PfxPath);

    /// <summary>Command-line switches and the configuration keys they set.</summary>
    internal static readonly Dictionary<string, string> Switches = new()
    {
        ["--tls-cert"] = $"{Section}:{nameof(CertificatePath)}",
        ["--tls-key"] = $"{Section}:{nameof(KeyPath)}",
        ["--tls-pfx"] = $"{Section}:{nameof(PfxPath)}",
        ["--tls-ca"] = $"{Section}:{nameof(CaPath)}",
        ["--silo-tls"] = $"{Section}:{nameof(Silo)}",
    };

    internal IEnumerable<string> Validate()
    {
        var pem = !string.IsNullOrWhiteSpace(CertificatePath);
        var key = !string.IsNullOrWhiteSpace(KeyPath);
        var pfx = !string.IsNullOrWhiteSpace(PfxPath);
        if (pem && !key)
        {
            yield return $"{Section}:{nameof(CertificatePath)} (--tls-cert) is set but {Section}:{nameof(KeyPath)} (--tls-key) is not; the certificate needs its private key.";
        }
        if (key && !pem)
        {
            yield return $"{Section}:{nameof(KeyPath)} (--tls-key) is set but {Section}:{nameof(CertificatePath)} (--tls-cert) is not.";
        }
        if (pem && pfx)
        {
            yield return $"{Section}:{nameof(CertificatePath)} (--tls-cert) and {Section}:{nameof(PfxPath)} (--tls-pfx) are both set; give the certificate one way.";
        }
        if (!pfx && !string.IsNullOrEmpty(PfxPassword))
        {
            yield return $"{Section}:{nameof(PfxPassword)} is set but {Section}:{nameof(PfxPath)} (--tls-pfx) is not.";
        }
        if (Silo && !Enabled)
        {
            yield return $"{Section}:{nameof(Silo)} (--silo-tls) needs a certificate: set {Section}:{nameof(CertificatePath)} (--tls-cert) and {Section}:{nameof(KeyPath)} (--tls-key).";
        }
        if (Silo && string.IsNullOrWhiteSpace(CaPath))
        {
            yield return $"{Section}:{nameof(Silo)} (--silo-tls) needs {Section}:{nameof(CaPath)} (--tls-ca), the CA that other silos' certificates must chain to.";
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace CheckpointGrid.Server.Tls;

/// <summary>
/// Silo-to-silo (and gateway) connections over mutual TLS: every silo presents the server certificate and accepts a
/// peer only if the peer's certificate chains to one of <see cref="ServerTlsOptions.CaPath"/>'s CAs. Peers are
/// reached by IP address and share one certificate, so host names are not checked: the private CA is the trust.
/// </summary>
public static class SiloTls
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>Mutual TLS for this silo's connections with <paramref name="certificate"/>.</summary>
    public static ISiloBuilder UseCheckpointGridTls(this ISiloBuilder silo, ServerCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        EnsureClientAuthentication(certificate.Certificate);
        return silo.UseTls(certificate.Certificate, tls => Configure(tls, certificate));
    }

    /// <summary>The same for an Orleans client (tests' cluster clients); the silos require it once they use TLS.</summary>
    public static IClientBuilder UseCheckpointGridTls(this IClientBuilder client, ServerCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return client.UseTls(certificate.Certificate, tls => Configure(tls, certificate));
    }

    private static void Configure(TlsOptions tls, ServerCertificate certificate)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // A private CA publishes no revocation list the silos could reach; removing a silo means rotating the CA.
        tls.CheckCertificateRevocation = false;
        var authorities = certificate.Authorities;
        tls.RemoteCertificateValidation = (peer, _, _) => IssuedBy(peer, authorities);
    }

    /// <summary>True when <paramref name="peer"/> is valid today and chains to one of <paramref name="authorities"/>, and to nothing else.</summary>
    internal static bool IssuedBy(X509Certificate2 peer, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        return chain.Build(peer);
    }

    private static void EnsureClientAuthentication(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault()?.EnhancedKeyUsages;
        if (usages is not null && !usages.Cast<Oid>().Any(u => u.Value == ClientAuthentication))
        {
            throw new OptionsValidationException(ServerTlsOptions.Section, typeof(ServerTlsOptions),
            [
                $"{ServerTlsOptions.Section}:{nameof(ServerTlsOptions.Silo)} (--silo-tls): the certificate {certificate.Subject} has no Client Authentication " +
                "extended key usage (1.3.6.1.5.5.7.3.2); silos present it to each other as clients too, so it needs Server and Client Authentication.",
            ]);
        }
    }
}
